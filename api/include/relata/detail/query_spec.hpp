// Internal: a query as the compiled executor sees it — no model types, only table slots,
// column indexes, Values and predicate trees whose leaves carry a typed test.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "relata/association.hpp"
#include "relata/value.hpp"

namespace relata::detail {

/// SQL's three truth values: a comparison with NULL is unknown, NOT unknown is unknown,
/// and a row matches a where only when it is true.
enum class truth : unsigned char { no, yes, unknown };

/// A where-clause node. Leaves test one column; all / any / negate combine children.
struct Predicate {
  enum class op : unsigned char {
    eq,
    ne,
    gt,
    gte,
    lt,
    lte,
    in,
    not_in,
    between,
    like,
    is_null,
    is_not_null,
    all,
    any,
    negate
  };
  op kind = op::all;
  std::size_t column = 0;                  // leaves: the column tested
  std::vector<Value> values;               // leaves: the operands, for planning and explain()
  std::function<truth(const void*)> test;  // leaves: the typed test
  std::vector<std::shared_ptr<const Predicate>> children;  // all / any / negate
};

/// The truth of `p` for `row`, in SQL's three-valued logic.
truth evaluate(const Predicate& p, const void* row);
/// True when `row` satisfies `p` (its truth is yes: unknown does not match).
inline bool matches(const Predicate& p, const void* row) {
  return evaluate(p, row) == truth::yes;
}

/// SQL LIKE: % matches any run of characters, _ exactly one; case-sensitive.
bool like_match(std::string_view text, std::string_view pattern) noexcept;

/// An association with its models replaced by their table slots.
struct AssociationRef {
  association_kind kind = association_kind::has_many;
  std::string alias;
  const char* alias_id = nullptr;  // the association's own alias text: a pointer compare
                                   // finds its slot before any string compare (Row::get)
  std::size_t source_slot = 0, target_slot = 0, through_slot = 0;
  std::size_t fk_column = 0;      // has_many/has_one: in target; belongs_to: in source;
                                  // belongs_to_many: the source key in the join model
  std::size_t other_column = 0;   // belongs_to_many: the target key in the join model
  std::size_t source_key = 0;     // has_many/has_one/belongs_to_many: the source's key column
  std::size_t target_key = 0;     // belongs_to/belongs_to_many: the target's key column
  std::string through_name;       // belongs_to_many: the join model's name (JSON key)
  std::vector<scope_term> scope;  // the association's scope on its target rows
  std::vector<scope_term> through_scope;  // belongs_to_many: its scope on the join rows
};

/// One order_by term: a column of the row itself (empty path) or of a singular association.
struct OrderTerm {
  std::vector<AssociationRef> path;
  std::size_t column = 0;
  bool descending = false;
  /// Per step of `path`, its target model's default scope (set by apply_scopes; empty when
  /// no model has one): the path reaches only rows an include of the step would show.
  std::vector<std::shared_ptr<const Predicate>> path_scopes;
};

/// One aggregate of a grouped query (Database::aggregate): its function, the column it
/// reads (none for a count of rows) and its name in the result.
struct AggregateSpec {
  enum class fn : unsigned char { count, count_distinct, sum, min, max, avg };
  fn kind = fn::count;
  std::optional<std::size_t> column;  // nullopt: count the rows
  std::string name;
};

struct IncludeSpec;
class Store;
struct ResultSet;

/// The compiled loader of a query's includes (see include_plan.hpp): loads `includes` under
/// `row` into new slots of `out`, setting the row's first slot and slot count.
using IncludePlan = void (*)(const Store& store, const std::vector<IncludeSpec>& includes,
                             const void* row, std::uint32_t& first_slot, std::uint32_t& slot_count,
                             ResultSet& out);

/// Everything a find / count / aggregate says about the rows of one model.
struct QuerySpec {
  std::shared_ptr<const Predicate> where;
  std::vector<OrderTerm> order;
  std::optional<std::size_t> limit, offset;
  std::optional<std::vector<std::size_t>> attributes;  // nullopt: every column
  std::vector<IncludeSpec> includes;
  /// The typed loader of `includes` when every include is plain (include_plan.hpp); null:
  /// the general loader runs them.
  IncludePlan plan = nullptr;
  /// paranoid(false): soft-deleted rows of a paranoid model are found too.
  bool with_deleted = false;
  /// scope("name") options: the model's named scopes, applied instead of its default scope;
  /// unscoped(): neither. Resolved by apply_scopes (database.cpp) against the Database's
  /// scopes, into `where` at the root and into `scope` under an include.
  std::vector<std::string> scopes;
  bool unscoped = false;
  bool names_scope = false;  // a scope() option here or in an include, at any depth
  /// An include's scope condition: filters its rows like `where` without making it required.
  std::shared_ptr<const Predicate> scope;
  /// Database::aggregate: the group_by terms (a column of the row, or of a singular
  /// association's row) and the aggregates computed per group.
  std::vector<OrderTerm> group;
  std::vector<AggregateSpec> aggregates;
  /// True when an include can drop root rows (a required include).
  [[nodiscard]] bool has_required_include() const noexcept;
};

/// One include: the association, its own query, and join-model options.
struct IncludeSpec {
  AssociationRef assoc;
  QuerySpec query;
  std::optional<bool> required;  // nullopt: required exactly when it has a where
  std::optional<std::vector<std::size_t>> through_attributes;
  std::shared_ptr<const Predicate> through_where;
  [[nodiscard]] bool is_required() const noexcept {
    return required.value_or(query.where != nullptr || through_where != nullptr);
  }
};

}  // namespace relata::detail
