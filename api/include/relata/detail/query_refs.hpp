// Internal: what the query options are built from — an association as the executor sees
// it (make_ref), a member's column index, a model's name in messages.
#pragma once

#include <string>
#include <string_view>

#include "relata/association.hpp"
#include "relata/detail/query_spec.hpp"
#include "relata/detail/store.hpp"
#include "relata/error.hpp"

namespace relata::detail {

template <class T>
std::string_view model_name() {
  if constexpr (requires { model<T>::name; })
    return model<T>::name;
  else
    return model<T>::table;
}

template <association A>
AssociationRef make_ref(const A& a) {
  AssociationRef r;
  r.kind = A::kind;
  r.alias = std::string(a.as);
  r.alias_id = a.as.data();
  r.source_slot = type_slot<typename A::source>();
  r.target_slot = type_slot<typename A::target>();
  r.fk_column = A::fk_column;
  r.other_column = A::other_column;
  r.source_key = A::source_key;
  r.target_key = A::target_key;
  if constexpr (A::scoped) {
    const auto scope = target_scope(a), through = through_scope(a);
    r.scope.assign(scope.begin(), scope.end());
    r.through_scope.assign(through.begin(), through.end());
  }
  if constexpr (!std::is_void_v<typename A::through>) {
    r.through_slot = type_slot<typename A::through>();
    r.through_name =
        a.join_as.empty() ? std::string(model_name<typename A::through>()) : std::string(a.join_as);
  }
  return r;
}

template <auto M>
using member_owner_t = typename member_traits<decltype(M)>::owner;

/// The column index of member `m` of T; throws SchemaError when it is not a declared column.
template <class T, class U>
std::size_t column_index(U T::*m) {
  std::size_t i = model_info<T>::index_of_runtime(m);
  if (i == model_info<T>::size)
    throw SchemaError("schema error: a member named in a query is not a declared column of " +
                      std::string(model<T>::table));
  return i;
}

}  // namespace relata::detail
