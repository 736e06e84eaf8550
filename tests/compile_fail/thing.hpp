// A plain model the usage cases share: Thing {id, name, shown}, no associations, not
// paranoid.
#pragma once

#include <relata/relata.hpp>

struct Thing {
  std::int64_t id = 0;
  std::string name;
  bool shown = false;
};

template <>
struct relata::model<Thing> {
  static constexpr std::string_view table = "rows";
  static constexpr auto columns =
      relata::columns(relata::column<&Thing::id>("id", relata::primary_key),
                      relata::column<&Thing::name>("name"), relata::column<&Thing::shown>("shown"));
};
