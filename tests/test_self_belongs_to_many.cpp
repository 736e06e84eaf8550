// A self belongs_to_many with two aliases over one join model with custom keys (Sequelize's
// User.belongsToMany(User, { as: "followers", through: Follow, foreignKey: "followeeId",
// otherKey: "followerId" }) and its reverse "following").
#include <catch2/catch.hpp>

#include "models.hpp"

namespace {

struct Member {
  std::int64_t id = 0;
  std::string handle;
};
struct Follow {
  std::int64_t id = 0;
  std::int64_t followerId = 0;
  std::int64_t followeeId = 0;
};

}  // namespace

template <>
struct relata::model<Member> {
  static constexpr std::string_view table = "members";
  static constexpr auto columns = relata::columns(
      relata::column<&Member::id>("id", relata::primary_key, relata::auto_increment),
      relata::column<&Member::handle>("handle", relata::unique));
};
template <>
struct relata::model<Follow> {
  static constexpr std::string_view table = "follows";
  static constexpr auto columns = relata::columns(
      relata::column<&Follow::id>("id", relata::primary_key, relata::auto_increment),
      relata::column<&Follow::followerId>("followerId", relata::references<&Member::id>,
                                          relata::on_delete(relata::cascade)),
      relata::column<&Follow::followeeId>("followeeId", relata::references<&Member::id>,
                                          relata::on_delete(relata::cascade)));
};

namespace {

inline constexpr auto followers =
    relata::belongs_to_many<&Follow::followeeId, &Follow::followerId>("followers");
inline constexpr auto following =
    relata::belongs_to_many<&Follow::followerId, &Follow::followeeId>("following");

std::vector<std::string> handles(const auto& linked) {
  std::vector<std::string> out;
  for (const auto& l : linked) out.push_back(l.row->handle);
  return out;
}

}  // namespace

TEST_CASE("a self belongs_to_many under two aliases over one join model", "[associations]") {
  relata::Database db;
  db.define<Member>();
  db.define<Follow>();
  const Member& ann = db.create(Member{.handle = "ann"});
  const Member& bob = db.create(Member{.handle = "bob"});
  const Member& cid = db.create(Member{.handle = "cid"});
  db.add(ann, following, {bob.id, cid.id});  // ann follows bob and cid
  db.add(bob, following, cid);               // bob follows cid

  CHECK(handles(db.get(ann, following)) == std::vector<std::string>{"bob", "cid"});
  CHECK(handles(db.get(cid, followers)) == std::vector<std::string>{"ann", "bob"});
  CHECK(handles(db.get(ann, followers)).empty());
  CHECK(db.has(cid, followers, ann));
  CHECK(db.count(bob, followers) == 1);

  auto rows = db.find_all<Member>(
      relata::attributes(&Member::handle),
      relata::include(followers, relata::attributes(&Member::handle),
                      relata::through<Follow>(relata::attributes(&Follow::id))),
      relata::include(following, relata::attributes(&Member::handle),
                      relata::through<Follow>(relata::attributes(&Follow::id))));
  CHECK(relata::to_string(rows.to_json()) ==
        R"([{"handle":"ann","followers":[],"following":[{"handle":"bob","follows":{"id":1}},)"
        R"({"handle":"cid","follows":{"id":2}}]},)"
        R"({"handle":"bob","followers":[{"handle":"ann","follows":{"id":1}}],)"
        R"("following":[{"handle":"cid","follows":{"id":3}}]},)"
        R"({"handle":"cid","followers":[{"handle":"ann","follows":{"id":2}},)"
        R"({"handle":"bob","follows":{"id":3}}],"following":[]}])");

  db.remove(cid, followers, {ann.id});  // through one alias, seen through the other
  CHECK(handles(db.get(ann, following)) == std::vector<std::string>{"bob"});
  db.destroy<Member>(bob.id);  // cascades to both of bob's join rows
  CHECK(db.count<Follow>() == 0);
  CHECK(db.check().empty());
}
