// Association scopes (Sequelize's association `scope` and `through: { scope }`) and the
// polymorphic pattern they serve: comments and tags shared by posts and images, each
// association seeing only its own rows through lazy reads, includes and every write.
#include <catch2/catch.hpp>
#include <sstream>

#include "models.hpp"

using testing_models::dump;

namespace {

struct Post {
  std::int64_t id = 0;
  std::string title;
};
struct Image {
  std::int64_t id = 0;
  std::string url;
};
struct Comment {  // commentableId holds a post's or an image's id, as commentableType says
  std::int64_t id = 0;
  std::string commentableType;
  std::optional<std::int64_t> commentableId;
  std::string text;
  bool pinned = false;
};
struct Tag {
  std::int64_t id = 0;
  std::string name;
  std::string status = "draft";
};
struct Taggable {  // a join model shared by posts and images
  std::int64_t id = 0;
  std::int64_t tagId = 0;
  std::string taggableType;
  std::int64_t taggableId = 0;
};

// The polymorphic pattern over text keys: pages keyed by slug, photos by file name, and
// notes naming either by its key string.
struct Page {
  std::string slug;
  std::string title;
};
struct Photo {
  std::string file;
  std::int32_t width = 0;
};
struct Note {
  std::int64_t id = 0;
  std::string noteableType;
  std::optional<std::string> noteableId;
  std::string text;
};

}  // namespace

template <>
struct relata::model<Page> {
  static constexpr std::string_view table = "pages";
  static constexpr auto columns =
      relata::columns(relata::column<&Page::slug>("slug", relata::primary_key),
                      relata::column<&Page::title>("title"));
};
template <>
struct relata::model<Photo> {
  static constexpr std::string_view table = "photos";
  static constexpr auto columns =
      relata::columns(relata::column<&Photo::file>("file", relata::primary_key),
                      relata::column<&Photo::width>("width"));
};
template <>
struct relata::model<Note> {
  static constexpr std::string_view table = "notes";
  static constexpr auto columns = relata::columns(
      relata::column<&Note::id>("id", relata::primary_key, relata::auto_increment),
      relata::column<&Note::noteableType>("noteableType"),
      relata::column<&Note::noteableId>("noteableId", relata::references<&Page::slug>,
                                        relata::constraints(false)),
      relata::column<&Note::text>("text", relata::not_empty));
};

template <>
struct relata::model<Post> {
  static constexpr std::string_view table = "posts";
  static constexpr auto columns =
      relata::columns(relata::column<&Post::id>("id", relata::primary_key, relata::auto_increment),
                      relata::column<&Post::title>("title"));
};
template <>
struct relata::model<Image> {
  static constexpr std::string_view table = "images";
  static constexpr auto columns =
      relata::columns(relata::column<&Image::id>("id", relata::primary_key, relata::auto_increment),
                      relata::column<&Image::url>("url"));
};
template <>
struct relata::model<Comment> {
  static constexpr std::string_view table = "comments";
  static constexpr auto columns = relata::columns(
      relata::column<&Comment::id>("id", relata::primary_key, relata::auto_increment),
      relata::column<&Comment::commentableType>("commentableType"),
      relata::column<&Comment::commentableId>("commentableId", relata::references<&Post::id>,
                                              relata::constraints(false)),
      relata::column<&Comment::text>("text", relata::not_empty),
      relata::column<&Comment::pinned>("pinned"));
};
template <>
struct relata::model<Tag> {
  static constexpr std::string_view table = "tags";
  static constexpr auto columns =
      relata::columns(relata::column<&Tag::id>("id", relata::primary_key, relata::auto_increment),
                      relata::column<&Tag::name>("name", relata::not_empty),
                      relata::column<&Tag::status>("status"));
};
template <>
struct relata::model<Taggable> {
  static constexpr std::string_view table = "taggables";
  static constexpr auto columns = relata::columns(
      relata::column<&Taggable::id>("id", relata::primary_key, relata::auto_increment),
      relata::column<&Taggable::tagId>("tagId", relata::references<&Tag::id>,
                                       relata::on_delete(relata::cascade)),
      relata::column<&Taggable::taggableType>("taggableType"),
      relata::column<&Taggable::taggableId>("taggableId", relata::references<&Post::id>,
                                            relata::constraints(false)));
};

namespace {

inline constexpr auto post_comments =
    relata::has_many<&Comment::commentableId, &Post::id>("comments")
        .scope<&Comment::commentableType>("post");
inline constexpr auto image_comments =
    relata::has_many<&Comment::commentableId, &Image::id>("comments")
        .scope<&Comment::commentableType>("image");
// Two terms, one of them a bool.
inline constexpr auto pinned = relata::has_one<&Comment::commentableId, &Post::id>("pinned")
                                   .scope<&Comment::commentableType>("post")
                                   .scope<&Comment::pinned>(true);
inline constexpr auto comment_post = relata::belongs_to<&Comment::commentableId>("post");
inline constexpr auto comment_image =
    relata::belongs_to<&Comment::commentableId, &Image::id>("image");

inline constexpr auto post_tags =
    relata::belongs_to_many<&Taggable::taggableId, &Taggable::tagId, &Post::id>("tags")
        .through_scope<&Taggable::taggableType>("post");
inline constexpr auto image_tags =
    relata::belongs_to_many<&Taggable::taggableId, &Taggable::tagId, &Image::id>("tags")
        .through_scope<&Taggable::taggableType>("image")
        .through_as("tagging");  // the scope survives a later through_as
// A target scope as well: only the post's tags whose status is "active".
inline constexpr auto active_tags =
    relata::belongs_to_many<&Taggable::taggableId, &Taggable::tagId, &Post::id>("activeTags")
        .through_scope<&Taggable::taggableType>("post")
        .scope<&Tag::status>("active");

inline constexpr auto page_notes =
    relata::has_many<&Note::noteableId, &Page::slug>("notes").scope<&Note::noteableType>("page");
inline constexpr auto photo_notes =
    relata::has_many<&Note::noteableId, &Photo::file>("notes").scope<&Note::noteableType>("photo");
inline constexpr auto note_page = relata::belongs_to<&Note::noteableId>("page");
inline constexpr auto note_photo = relata::belongs_to<&Note::noteableId, &Photo::file>("photo");

/// Pages "home" and "about"; photos "home" (the same key as a page) and "cat.png" (a key no
/// page has). Notes 1 (page home), 2 (photo home), 3 (photo cat.png), 4 (page home).
relata::Database album() {
  relata::Database db;
  db.define<Page>();
  db.define<Photo>();
  db.define<Note>();
  db.create(Page{.slug = "home", .title = "Welcome"});
  db.create(Page{.slug = "about", .title = "About us"});
  db.create(Photo{.file = "home", .width = 640});
  db.create(Photo{.file = "cat.png", .width = 800});
  db.create(Note{.noteableType = "page", .noteableId = "home", .text = "hi"});
  db.create(Note{.noteableType = "photo", .noteableId = "home", .text = "wide"});
  db.create(Note{.noteableType = "photo", .noteableId = "cat.png", .text = "cute"});
  db.create(Note{.noteableType = "page", .noteableId = "home", .text = "again"});
  return db;
}

/// Posts 1 "hello", 2 "news"; images 1 "a.png", 2 "b.png" (post 1 and image 1 share id 1).
/// Comments 1 (post 1), 2 (image 1), 3 (post 1, pinned), 4 (post 2).
relata::Database board() {
  relata::Database db;
  db.define<Post>();
  db.define<Image>();
  db.define<Comment>();
  db.define<Tag>();
  db.define<Taggable>();
  db.create(Post{.title = "hello"});
  db.create(Post{.title = "news"});
  db.create(Image{.url = "a.png"});
  db.create(Image{.url = "b.png"});
  db.create(Comment{.commentableType = "post", .commentableId = 1, .text = "first"});
  db.create(Comment{.commentableType = "image", .commentableId = 1, .text = "pretty"});
  db.create(
      Comment{.commentableType = "post", .commentableId = 1, .text = "read me", .pinned = true});
  db.create(Comment{.commentableType = "post", .commentableId = 2, .text = "late"});
  return db;
}

template <class R>
std::vector<std::int64_t> ids(const R& rows) {
  std::vector<std::int64_t> out;
  for (const auto& r : rows) out.push_back(r.id);
  return out;
}

std::vector<std::int64_t> tag_ids(const std::vector<relata::Linked<Tag, Taggable>>& links) {
  std::vector<std::int64_t> out;
  for (const auto& l : links) out.push_back(l.row->id);
  return out;
}

const Post& post(const relata::Database& db, std::int64_t id) {
  return *db.find_by_pk<Post>(id);
}
const Image& image(const relata::Database& db, std::int64_t id) {
  return *db.find_by_pk<Image>(id);
}

}  // namespace

TEST_CASE("a scoped has_many sees only its rows: get, count, has, and the way back",
          "[association_scopes]") {
  auto db = board();
  CHECK(ids(db.get(post(db, 1), post_comments)) == std::vector<std::int64_t>{1, 3});
  CHECK(ids(db.get(image(db, 1), image_comments)) == std::vector<std::int64_t>{2});
  CHECK(ids(db.get(image(db, 2), image_comments)).empty());
  CHECK(db.count(post(db, 1), post_comments) == 2);
  CHECK(db.count(image(db, 1), image_comments) == 1);
  const Comment& c2 = *db.find_by_pk<Comment>(2);
  CHECK_FALSE(db.has(post(db, 1), post_comments, c2));  // same commentableId, other type
  CHECK(db.has(image(db, 1), image_comments, c2));
  // Two terms: a post's pinned comment.
  const Comment* p = db.get(post(db, 1), pinned);
  REQUIRE(p != nullptr);
  CHECK(p->id == 3);
  CHECK(db.get(post(db, 2), pinned) == nullptr);
  // belongs_to from the comment, to the model its type names.
  CHECK(db.get(c2, comment_image)->url == "a.png");
  CHECK(db.get(*db.find_by_pk<Comment>(4), comment_post)->title == "news");
  CHECK(db.check().empty());
}

TEST_CASE("a scope constant its column's type cannot hold is refused", "[association_scopes]") {
  // Converted, 2^63 wrapped: rows the scope creates would hold another value than it matches.
  // A constexpr declaration does not compile (tests/compile_fail/scope_out_of_range.cpp).
  const std::uint64_t too_big = std::uint64_t{1} << 63;
  auto scoped = [](std::uint64_t value) {
    return relata::has_many<&Comment::commentableId, &Post::id>("comments")
        .scope<&Comment::id>(value);
  };
  CHECK_THROWS_WITH(
      scoped(too_big),
      "schema error: a scope's constant does not fit its column's type: 9223372036854775808");
  CHECK(scoped(too_big - 1).target_count == 1);
}

TEST_CASE("a scoped include filters its rows and stays optional", "[association_scopes]") {
  auto db = board();
  auto images = db.find_all<Image>(
      relata::include(image_comments, relata::attributes(&Comment::id, &Comment::commentableType)));
  CHECK(relata::to_string(images.to_json()) ==
        R"([{"id":1,"url":"a.png","comments":[{"id":2,"commentableType":"image"}]},)"
        R"({"id":2,"url":"b.png","comments":[]}])");
  auto posts = db.find_all<Post>(relata::where(relata::col<&Post::id> == 1),
                                 relata::include(post_comments, relata::attributes(&Comment::id),
                                                 relata::order_by(relata::desc(&Comment::id))),
                                 relata::include(pinned, relata::attributes(&Comment::text)));
  CHECK(relata::to_string(posts.to_json()) ==
        R"([{"id":1,"title":"hello","comments":[{"id":3},{"id":1}],"pinned":{"text":"read me"}}])");
  // A where on the scoped include narrows it further (and makes it required).
  auto with_first = db.find_all<Post>(
      relata::attributes(&Post::id),
      relata::include(post_comments, relata::where(relata::col<&Comment::text> == "first"),
                      relata::attributes(&Comment::id)));
  CHECK(relata::to_string(with_first.to_json()) == R"([{"id":1,"comments":[{"id":1}]}])");
  CHECK(db.find_all<Post>(relata::include(post_comments, relata::required(true))).size() == 2);
  CHECK(db.find_all<Image>(relata::include(image_comments, relata::required(true))).size() == 1);
}

TEST_CASE("writes through a scoped has_many and has_one write the scope", "[association_scopes]") {
  auto db = board();
  // create: the new comment gets the key and the type.
  const Comment& made = db.create(image(db, 2), image_comments, Comment{.text = "wow"});
  CHECK(made.id == 5);
  CHECK(made.commentableType == "image");
  CHECK(made.commentableId == 2);
  // add: a post's comment moved to image 2 takes the image's type.
  db.add(image(db, 2), image_comments, *db.find_by_pk<Comment>(4));
  const Comment& moved = *db.find_by_pk<Comment>(4);
  CHECK(moved.commentableType == "image");
  CHECK(moved.commentableId == 2);
  CHECK(ids(db.get(image(db, 2), image_comments)) == std::vector<std::int64_t>{4, 5});
  CHECK(ids(db.get(post(db, 2), post_comments)).empty());
  // remove: image 1's comment shares post 1's id but is not the post's to remove.
  db.remove(post(db, 1), post_comments, *db.find_by_pk<Comment>(2));
  CHECK(db.find_by_pk<Comment>(2)->commentableId == 1);
  // set: post 1 keeps comment 3 only; comment 1 is dropped (its key cleared), image 1's
  // comment 2 is not touched.
  db.set(post(db, 1), post_comments, {3});
  CHECK(ids(db.get(post(db, 1), post_comments)) == std::vector<std::int64_t>{3});
  CHECK(db.find_by_pk<Comment>(1)->commentableId == std::nullopt);
  CHECK(ids(db.get(image(db, 1), image_comments)) == std::vector<std::int64_t>{2});
  // has_one with two terms: set writes both.
  db.set(post(db, 2), pinned, std::optional<std::int64_t>{5});
  const Comment& five = *db.find_by_pk<Comment>(5);
  CHECK(five.commentableType == "post");
  CHECK(five.commentableId == 2);
  CHECK(five.pinned);
  CHECK(db.get(post(db, 2), pinned)->id == 5);
  CHECK(db.check().empty());
}

TEST_CASE("a failed write through a scoped association changes nothing", "[association_scopes]") {
  auto db = board();
  const std::string before = dump(db);
  CHECK_THROWS_AS(db.create(post(db, 1), post_comments, Comment{.text = ""}),
                  relata::ValidationError);
  CHECK(dump(db) == before);
  // nested create: the scope is written into nested rows; a failing one undoes the whole.
  CHECK_THROWS_AS(db.create(Post{.title = "x"}, relata::nested(post_comments, Comment{.text = "ok"},
                                                               Comment{.text = ""})),
                  relata::ValidationError);
  CHECK(dump(db) == before);
  CHECK(db.check().empty());
  const Post& p = db.create(Post{.title = "x"}, relata::nested(post_comments, Comment{.text = "a"},
                                                               Comment{.text = "b"}));
  CHECK(ids(db.get(p, post_comments)) == std::vector<std::int64_t>{5, 6});
  CHECK(db.find_by_pk<Comment>(6)->commentableType == "post");
}

TEST_CASE("a through scope: join rows shared by two models, each sees its own",
          "[association_scopes]") {
  auto db = board();
  db.create(Tag{.name = "cats"});
  db.create(Tag{.name = "dogs", .status = "active"});
  db.create(Tag{.name = "art"});
  // add writes the type into the join rows it creates.
  auto made = db.add(post(db, 1), post_tags, std::vector<std::int64_t>{1, 2});
  REQUIRE(made.size() == 2);
  CHECK(made[0]->taggableType == "post");
  db.add(image(db, 1), image_tags, std::vector<std::int64_t>{3});
  CHECK(tag_ids(db.get(post(db, 1), post_tags)) == std::vector<std::int64_t>{1, 2});
  CHECK(tag_ids(db.get(image(db, 1), image_tags)) == std::vector<std::int64_t>{3});
  CHECK(tag_ids(db.get(post(db, 1), active_tags)) == std::vector<std::int64_t>{2});
  // The same pair from the other model is a join row of its own.
  db.add(image(db, 1), image_tags, *db.find_by_pk<Tag>(1));
  CHECK(db.count<Taggable>() == 4);
  // remove deletes the image's join row, not the post's.
  db.remove(image(db, 1), image_tags, *db.find_by_pk<Tag>(1));
  CHECK(db.count<Taggable>() == 3);
  CHECK(tag_ids(db.get(post(db, 1), post_tags)) == std::vector<std::int64_t>{1, 2});
  // Includes follow the same join rows.
  auto json = relata::to_string(
      db.find_all<Image>(
            relata::where(relata::col<&Image::id> == 1),
            relata::include(image_tags, relata::attributes(&Tag::name),
                            relata::through<Taggable>(relata::attributes(&Taggable::taggableType))))
          .to_json());
  CHECK(json ==
        R"([{"id":1,"url":"a.png","tags":[{"name":"art","tagging":{"taggableType":"image"}}]}])");
  auto active = db.find_by_pk<Post>(1, relata::include(active_tags, relata::attributes(&Tag::id)));
  CHECK(relata::to_string(active.to_json()) ==
        R"({"id":1,"title":"hello","activeTags":[{"id":2,"taggables":)"
        R"({"id":2,"tagId":2,"taggableType":"post","taggableId":1}}]})");
  // create through a target scope writes it into the new target.
  const Tag& fresh = db.create(post(db, 2), active_tags, Tag{.name = "new"});
  CHECK(fresh.status == "active");
  CHECK(tag_ids(db.get(post(db, 2), active_tags)) == std::vector<std::int64_t>{4});
  CHECK(db.find_by_pk<Taggable>(5)->taggableType == "post");
  // set replaces only the image's links.
  db.set(image(db, 1), image_tags, {1});
  CHECK(tag_ids(db.get(image(db, 1), image_tags)) == std::vector<std::int64_t>{1});
  CHECK(tag_ids(db.get(post(db, 1), post_tags)) == std::vector<std::int64_t>{1, 2});
  CHECK(db.check().empty());
}

TEST_CASE("the polymorphic pattern over text keys: reads, includes, writes, a snapshot",
          "[association_scopes][text_keys]") {
  auto db = album();
  const Page& home = *db.find_by_pk<Page>("home");
  const Photo& cat = *db.find_by_pk<Photo>("cat.png");
  CHECK(ids(db.get(home, page_notes)) == std::vector<std::int64_t>{1, 4});
  CHECK(ids(db.get(*db.find_by_pk<Photo>("home"), photo_notes)) == std::vector<std::int64_t>{2});
  CHECK(ids(db.get(cat, photo_notes)) == std::vector<std::int64_t>{3});
  CHECK(ids(db.get(*db.find_by_pk<Page>("about"), page_notes)).empty());
  CHECK(db.count(cat, photo_notes) == 1);
  CHECK_FALSE(db.has(home, page_notes, *db.find_by_pk<Note>(2)));  // same key, other type
  CHECK(db.get(*db.find_by_pk<Note>(3), note_photo)->width == 800);
  CHECK(db.get(*db.find_by_pk<Note>(4), note_page)->title == "Welcome");
  CHECK(db.get(*db.find_by_pk<Note>(3), note_page) == nullptr);  // no page "cat.png"
  CHECK(relata::to_string(
            db.find_all<Photo>(relata::include(photo_notes, relata::attributes(&Note::id)))
                .to_json()) == R"([{"file":"cat.png","width":800,"notes":[{"id":3}]},)"
                               R"({"file":"home","width":640,"notes":[{"id":2}]}])");
  CHECK(
      relata::to_string(
          db.find_by_pk<Note>(2, relata::include(note_photo, relata::attributes(&Photo::width)))
              .to_json()) ==
      R"({"id":2,"noteableType":"photo","noteableId":"home","text":"wide","photo":{"width":640}})");

  // A failed write through it changes nothing, also for a photo key no note named before.
  db.create(Photo{.file = "dog.png", .width = 320});
  const std::string before = dump(db);
  CHECK_THROWS_AS(db.create(*db.find_by_pk<Photo>("dog.png"), photo_notes, Note{.text = ""}),
                  relata::ValidationError);
  CHECK(dump(db) == before);
  CHECK(db.check().empty());
  CHECK(ids(db.get(*db.find_by_pk<Photo>("dog.png"), photo_notes)).empty());
  db.destroy<Photo>("dog.png");

  // Writes through the scoped association write the key string and the type.
  const Note& made = db.create(cat, photo_notes, Note{.text = "whiskers"});
  CHECK(made.noteableType == "photo");
  CHECK(made.noteableId == "cat.png");
  db.add(*db.find_by_pk<Page>("about"), page_notes, *db.find_by_pk<Note>(3));
  CHECK(ids(db.get(*db.find_by_pk<Page>("about"), page_notes)) == std::vector<std::int64_t>{3});
  CHECK(ids(db.get(cat, photo_notes)) == std::vector<std::int64_t>{5});
  db.remove(home, page_notes, *db.find_by_pk<Note>(2));  // the photo's: not the page's to clear
  CHECK(db.find_by_pk<Note>(2)->noteableId == "home");
  db.set(home, page_notes, {4});
  CHECK(ids(db.get(home, page_notes)) == std::vector<std::int64_t>{4});
  CHECK(db.find_by_pk<Note>(1)->noteableId == std::nullopt);
  CHECK(db.check().empty());

  // A weak reference: deleting or re-keying a photo leaves its notes as they are.
  db.update<Photo>("cat.png", [](Photo& p) { p.file = "kitten.png"; });
  CHECK(db.find_by_pk<Note>(5)->noteableId == "cat.png");
  CHECK(ids(db.get(*db.find_by_pk<Photo>("kitten.png"), photo_notes)).empty());
  db.destroy<Photo>("home");
  CHECK(db.find_by_pk<Note>(2)->noteableId == "home");
  CHECK(db.check().empty());

  // A snapshot loads back the same rows and lists.
  std::ostringstream out;
  db.save(out);
  relata::Database back;
  back.define<Page>();
  back.define<Photo>();
  back.define<Note>();
  std::istringstream in(out.str());
  back.load(in);
  CHECK(dump(back) == dump(db));
  CHECK(back.check().empty());
  CHECK(ids(back.get(*back.find_by_pk<Page>("home"), page_notes)) == std::vector<std::int64_t>{4});
  CHECK(ids(back.get(*back.find_by_pk<Page>("about"), page_notes)) == std::vector<std::int64_t>{3});
  back.create(Photo{.file = "cat.png", .width = 1});  // the key its note names, back again
  CHECK(ids(back.get(*back.find_by_pk<Photo>("cat.png"), photo_notes)) ==
        std::vector<std::int64_t>{5});
}
