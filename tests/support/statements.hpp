// Random statements over a small schema, for the differential test (against SQLite) and the
// fuzz target: a seeded or byte-driven generator, and the statement applied to relata with
// its outcome classified the way SQLite classifies a failed statement.
//
// The key space is tiny (ids 1..8) so that collisions, dangling references and cascades
// are the common case, not the rare one.
#pragma once

#include <cmath>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <vector>

#include <relata/relata.hpp>

namespace stmt {

// ---- the schema: every referential action, a self-reference, an indexed double, NULLs

struct Parent {
  std::int64_t id = 0;
  std::string name;             // NOT NULL, not empty (SQLite: CHECK (name <> ''))
  std::optional<double> score;  // indexed
  std::optional<std::int64_t> rank;
};
struct Kid {  // parentId NOT NULL, ON DELETE CASCADE, ON UPDATE CASCADE (the default)
  std::int64_t id = 0;
  std::int64_t parentId = 0;
  std::optional<std::int64_t> rank;
};
struct Pet {  // parentId NULL, ON DELETE SET NULL, ON UPDATE SET NULL
  std::int64_t id = 0;
  std::optional<std::int64_t> parentId;
};
struct Toy {  // kidId NOT NULL, ON DELETE RESTRICT, ON UPDATE RESTRICT
  std::int64_t id = 0;
  std::int64_t kidId = 0;
};
struct Branch {  // a self-reference, ON DELETE CASCADE
  std::int64_t id = 0;
  std::optional<std::int64_t> parentId;
};

}  // namespace stmt

template <>
struct relata::model<stmt::Parent> {
  using T = stmt::Parent;
  static constexpr std::string_view table = "parents";
  static constexpr auto columns = relata::columns(
      relata::column<&T::id>("id", relata::primary_key, relata::auto_increment),
      relata::column<&T::name>("name", relata::not_empty),
      relata::column<&T::score>("score", relata::indexed), relata::column<&T::rank>("rank"));
};
template <>
struct relata::model<stmt::Kid> {
  using T = stmt::Kid;
  static constexpr std::string_view table = "kids";
  static constexpr auto columns = relata::columns(
      relata::column<&T::id>("id", relata::primary_key, relata::auto_increment),
      relata::column<&T::parentId>("parentId", relata::references<&stmt::Parent::id>,
                                   relata::on_delete(relata::cascade)),
      relata::column<&T::rank>("rank"));
};
template <>
struct relata::model<stmt::Pet> {
  using T = stmt::Pet;
  static constexpr std::string_view table = "pets";
  static constexpr auto columns = relata::columns(
      relata::column<&T::id>("id", relata::primary_key, relata::auto_increment),
      relata::column<&T::parentId>("parentId", relata::references<&stmt::Parent::id>,
                                   relata::on_delete(relata::set_null),
                                   relata::on_update(relata::set_null)));
};
template <>
struct relata::model<stmt::Toy> {
  using T = stmt::Toy;
  static constexpr std::string_view table = "toys";
  static constexpr auto columns =
      relata::columns(relata::column<&T::id>("id", relata::primary_key, relata::auto_increment),
                      relata::column<&T::kidId>("kidId", relata::references<&stmt::Kid::id>,
                                                relata::on_delete(relata::restrict),
                                                relata::on_update(relata::restrict)));
};
template <>
struct relata::model<stmt::Branch> {
  using T = stmt::Branch;
  static constexpr std::string_view table = "branches";
  static constexpr auto columns =
      relata::columns(relata::column<&T::id>("id", relata::primary_key, relata::auto_increment),
                      relata::column<&T::parentId>("parentId", relata::references<&T::id>,
                                                   relata::on_delete(relata::cascade)));
};

namespace stmt {

inline constexpr auto kids = relata::has_many<&Kid::parentId>("kids");
inline constexpr auto pets = relata::has_many<&Pet::parentId>("pets");

inline void define(relata::Database& db) {
  db.define<Parent>();
  db.define<Kid>();
  db.define<Pet>();
  db.define<Toy>();
  db.define<Branch>();
}

/// How a statement ended, in the classes both engines can name.
enum class outcome { ok, unique, foreign_key, check, not_found, misuse };

inline const char* name(outcome o) {
  switch (o) {
    case outcome::ok:
      return "ok";
    case outcome::unique:
      return "unique";
    case outcome::foreign_key:
      return "foreign_key";
    case outcome::check:
      return "check";
    case outcome::not_found:
      return "not_found";
    case outcome::misuse:
      return "misuse";
  }
  return "?";
}

/// The name a create or update of `op` writes: ASCII, or with a two-byte character and a
/// % (LIKE's wildcard, as text) in front.
inline std::string name_of(bool empty, std::int64_t a) {
  if (empty) return "";
  return (a % 3 == 0 ? "\u00e9%" : "n") + std::to_string(a);
}
/// The pattern of a like: a prefix, `_` or `__` before digits (one character each, the
/// two-byte one included), or a % in the text matched by the wildcard.
inline std::string like_pattern(std::int64_t a, std::int64_t b) {
  switch (b % 4) {
    case 0:
      return "n%";
    case 1:
      return "_" + std::to_string(a);
    case 2:
      return "__" + std::to_string(a);
    default:
      return "%%" + std::to_string(a % 10);
  }
}

/// The comparison operators of a where.
enum class cmp { eq, ne, lt, gt, le, ge, between, in, is_null, is_not_null, not_in, like };

/// One statement. Tables: 0 parents, 1 kids, 2 pets, 3 toys, 4 branches.
struct Op {
  enum class kind : std::uint8_t {
    create,
    update_fields,  // non-key columns
    update_key,     // the primary key
    update_ref,     // the foreign key
    destroy,
    query,        // a where over parents: compared, not applied
    remove_pets,  // the mixin: parent's pets minus {a, b} set to NULL
    set_kids,     // the mixin: parent's kids become exactly {a, b} (others destroyed)
    transaction,  // begin, commit, rollback, savepoint, rollback to or release one (tx)
  };
  enum class tx_step : std::uint8_t { begin, commit, rollback, savepoint, rollback_to, release };
  tx_step tx = tx_step::begin;
  kind what = kind::create;
  int table = 0;
  std::int64_t id = 0;  // 0 on create: let auto_increment choose
  std::int64_t a = 0, b = 0;
  std::optional<std::int64_t> ref;  // a foreign key value
  std::optional<double> score;
  std::optional<std::int64_t> rank;
  bool empty_name = false;
  cmp op = cmp::eq;
  int combine = 0;  // query: 0 leaf, 1 !leaf, 2 leaf && rank, 3 leaf || rank
};

/// A source of choices: a seeded generator, or a fuzzer's bytes.
template <class Next>
Op generate(Next&& next) {
  auto pick = [&](std::uint32_t n) { return static_cast<std::int64_t>(next() % n); };
  auto key = [&] { return 1 + pick(8); };
  auto maybe_key = [&]() -> std::optional<std::int64_t> {
    return pick(6) == 0 ? std::nullopt : std::optional(key());
  };
  static constexpr double scores[] = {-std::numeric_limits<double>::infinity(), -1.5, 0.0, 0.5, 2.0,
                                      std::numeric_limits<double>::infinity()};
  auto score = [&]() -> std::optional<double> {
    const auto s = pick(7);
    return s == 6 ? std::nullopt : std::optional(scores[s]);
  };
  auto rank = [&]() -> std::optional<std::int64_t> {
    return pick(4) == 0 ? std::nullopt : std::optional(pick(4));
  };
  Op op;
  const auto k = pick(100);
  op.table = static_cast<int>(pick(5));
  if (k < 30) {
    op.what = Op::kind::create;
    op.id = pick(5) == 0 ? 0 : key();
  } else if (k < 42) {
    op.what = Op::kind::update_fields;
  } else if (k < 48) {
    op.what = Op::kind::update_key;
  } else if (k < 58) {
    op.what = Op::kind::update_ref;
  } else if (k < 72) {
    op.what = Op::kind::destroy;
  } else if (k < 88) {
    op.what = Op::kind::query;
  } else if (k < 92) {
    op.what = Op::kind::remove_pets;
  } else if (k < 95) {
    op.what = Op::kind::set_kids;
  } else {
    op.what = Op::kind::transaction;
  }
  if (op.what != Op::kind::create) op.id = key();
  op.a = key();
  op.b = key();
  op.ref = op.table == 2 || op.table == 4 ? maybe_key() : std::optional(key());
  op.score = score();
  op.rank = rank();
  op.empty_name = pick(12) == 0;
  op.op = static_cast<cmp>(pick(12));
  op.combine = static_cast<int>(pick(4));
  op.tx = static_cast<Op::tx_step>(pick(6));
  return op;
}

inline std::string describe(const Op& op) {
  static const char* tables[] = {"parents", "kids", "pets", "toys", "branches"};
  static const char* kinds[] = {"create", "update_fields", "update_key", "update_ref", "destroy",
                                "query",  "remove_pets",   "set_kids",   "transaction"};
  static const char* steps[] = {"begin",     "commit",      "rollback",
                                "savepoint", "rollback_to", "release"};
  auto opt = [](const auto& v) { return v ? std::to_string(*v) : std::string("NULL"); };
  return std::string(kinds[static_cast<int>(op.what)]) + " " + tables[op.table] +
         " id=" + std::to_string(op.id) + " a=" + std::to_string(op.a) +
         " b=" + std::to_string(op.b) + " ref=" + opt(op.ref) + " score=" + opt(op.score) +
         " rank=" + opt(op.rank) + " empty_name=" + std::to_string(op.empty_name) +
         " op=" + std::to_string(static_cast<int>(op.op)) +
         " combine=" + std::to_string(op.combine) +
         (op.what == Op::kind::transaction ? std::string(" tx=") + steps[static_cast<int>(op.tx)]
                                           : std::string());
}

/// The where of a query op over parents.
inline relata::Condition<Parent> condition(const Op& op) {
  using relata::col;
  const double s = op.score.value_or(0.5);
  auto leaf = [&]() -> relata::Condition<Parent> {
    switch (op.op) {
      case cmp::eq:
        return col<&Parent::score> == s;
      case cmp::ne:
        return col<&Parent::score> != s;
      case cmp::lt:
        return col<&Parent::score> < s;
      case cmp::gt:
        return col<&Parent::score> > s;
      case cmp::le:
        return col<&Parent::score> <= s;
      case cmp::ge:
        return col<&Parent::score> >= s;
      case cmp::between:
        return col<&Parent::score>.between(-1.5, s);
      case cmp::in:
        return col<&Parent::rank>.in({op.a % 4, op.b % 4});
      case cmp::is_null:
        return col<&Parent::score>.is_null();
      case cmp::is_not_null:
        return col<&Parent::rank>.is_not_null();
      case cmp::not_in:
        return col<&Parent::rank>.not_in({op.a % 4, op.b % 4});
      case cmp::like:
        return col<&Parent::name>.like(like_pattern(op.a, op.b));
    }
    return col<&Parent::score>.is_null();
  };
  const std::int64_t r = op.a % 4;
  switch (op.combine) {
    case 1:
      return !leaf();
    case 2:
      return leaf() && col<&Parent::rank> == r;
    case 3:
      return leaf() || !(col<&Parent::rank> != r);
    default:
      return leaf();
  }
}

/// Runs a query op on relata: the ids of matching parents in key order.
inline std::vector<std::int64_t> query(const relata::Database& db, const Op& op) {
  std::vector<std::int64_t> out;
  for (auto r : db.find_all<Parent>(relata::where(condition(op)))) out.push_back(r->id);
  return out;
}

/// A database with the transaction and savepoints the ops opened.
struct Session {
  relata::Database db;
  std::optional<relata::Transaction> tx;
  std::vector<relata::Savepoint> savepoints;
  Session() { define(db); }
};

/// Applies a transaction op: begin (when none is open), commit, rollback, savepoint,
/// rollback to / release savepoint number a % count (no-ops when nothing is open).
inline void apply_tx(Session& s, const Op& op) {
  using step = Op::tx_step;
  const std::size_t pick =
      s.savepoints.empty() ? 0 : static_cast<std::size_t>(op.a) % s.savepoints.size();
  switch (op.tx) {
    case step::begin:
      if (!s.tx) s.tx.emplace(s.db.begin());
      return;
    case step::commit:
    case step::rollback:
      if (!s.tx) return;
      if (op.tx == step::commit)
        s.tx->commit();
      else
        s.tx->rollback();
      s.tx.reset();
      s.savepoints.clear();
      return;
    case step::savepoint:
      if (s.tx) s.savepoints.push_back(s.tx->savepoint());
      return;
    case step::rollback_to:
      if (s.savepoints.empty()) return;
      s.tx->rollback_to(s.savepoints[pick]);
      s.savepoints.resize(pick + 1);
      return;
    case step::release:
      if (s.savepoints.empty()) return;
      s.tx->release(s.savepoints[pick]);
      s.savepoints.resize(pick);
      return;
  }
}

/// Applies a non-query op to relata and classifies its outcome.
inline outcome apply(Session& session, const Op& op) {
  relata::Database& db = session.db;
  try {
    const std::string name = name_of(op.empty_name, op.a);
    switch (op.what) {
      case Op::kind::create:
        switch (op.table) {
          case 0:
            db.create(Parent{.id = op.id, .name = name, .score = op.score, .rank = op.rank});
            break;
          case 1:
            db.create(Kid{.id = op.id, .parentId = op.ref.value_or(op.a), .rank = op.rank});
            break;
          case 2:
            db.create(Pet{.id = op.id, .parentId = op.ref});
            break;
          case 3:
            db.create(Toy{.id = op.id, .kidId = op.ref.value_or(op.a)});
            break;
          default:
            db.create(Branch{.id = op.id, .parentId = op.ref});
            break;
        }
        return outcome::ok;
      case Op::kind::update_fields:
        switch (op.table) {
          case 0:
            db.update<Parent>(op.id, [&](Parent& p) {
              p.name = name;
              p.score = op.score;
              p.rank = op.rank;
            });
            break;
          case 1:
            db.update<Kid>(op.id, [&](Kid& k) { k.rank = op.rank; });
            break;
          default:
            return outcome::ok;  // the other tables have no other columns
        }
        return outcome::ok;
      case Op::kind::update_key: {
        auto rekey = [&](auto& r) { r.id = op.b; };
        switch (op.table) {
          case 0:
            db.update<Parent>(op.id, rekey);
            break;
          case 1:
            db.update<Kid>(op.id, rekey);
            break;
          case 2:
            db.update<Pet>(op.id, rekey);
            break;
          case 3:
            db.update<Toy>(op.id, rekey);
            break;
          default:
            db.update<Branch>(op.id, [&](Branch& r) {
              // half the time the row points at itself under its new key
              if (op.a % 2 == 0) r.parentId = op.b;
              r.id = op.b;
            });
            break;
        }
        return outcome::ok;
      }
      case Op::kind::update_ref:
        switch (op.table) {
          case 0:
            db.update<Parent>(op.id, [&](Parent& p) { p.rank = op.ref; });
            break;
          case 1:
            db.update<Kid>(op.id, [&](Kid& k) { k.parentId = op.ref.value_or(op.a); });
            break;
          case 2:
            db.update<Pet>(op.id, [&](Pet& p) { p.parentId = op.ref; });
            break;
          case 3:
            db.update<Toy>(op.id, [&](Toy& t) { t.kidId = op.ref.value_or(op.a); });
            break;
          default:
            db.update<Branch>(op.id, [&](Branch& b) { b.parentId = op.ref; });
            break;
        }
        return outcome::ok;
      case Op::kind::destroy:
        switch (op.table) {
          case 0:
            db.destroy<Parent>(op.id);
            break;
          case 1:
            db.destroy<Kid>(op.id);
            break;
          case 2:
            db.destroy<Pet>(op.id);
            break;
          case 3:
            db.destroy<Toy>(op.id);
            break;
          default:
            db.destroy<Branch>(op.id);
            break;
        }
        return outcome::ok;
      case Op::kind::remove_pets: {
        const Parent* p = db.find_by_pk<Parent>(op.id);
        if (!p) return outcome::not_found;
        db.remove(*p, pets, {op.a, op.b});
        return outcome::ok;
      }
      case Op::kind::set_kids: {
        const Parent* p = db.find_by_pk<Parent>(op.id);
        if (!p) return outcome::not_found;
        db.set(*p, kids, {op.a, op.b});
        return outcome::ok;
      }
      case Op::kind::query:
        return outcome::ok;
      case Op::kind::transaction:
        apply_tx(session, op);
        return outcome::ok;
    }
  } catch (const relata::UniqueConstraintError&) {
    return outcome::unique;
  } catch (const relata::ForeignKeyConstraintError&) {
    return outcome::foreign_key;
  } catch (const relata::ValidationError&) {
    return outcome::check;
  } catch (const relata::NotFoundError&) {
    return outcome::not_found;
  } catch (const relata::Error& e) {
    if (e.code() == relata::errc::misuse) return outcome::misuse;
    throw;
  }
  return outcome::ok;
}

}  // namespace stmt
