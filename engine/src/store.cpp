// The Store: definition of tables (resolving references), the re-entrancy guard, the
// access counters and the integrity check across tables. Referential actions are in
// referential.cpp, the undo log's replay in undo_log.cpp.
#include "relata/detail/store.hpp"

#include <algorithm>
#include <atomic>
#include <utility>

#include "relata/error.hpp"

namespace relata::detail {

std::size_t next_type_slot() noexcept {
  static std::atomic<std::size_t> counter{0};
  return counter++;
}

Store::Store() : clock_(system_clock()) {}
Store::~Store() {
  if (anchor_) *anchor_ = nullptr;
}

Store::Store(Store&& o) noexcept
    : owned_(std::move(o.owned_)),
      by_slot_(std::move(o.by_slot_)),
      order_(std::move(o.order_)),
      log_(std::move(o.log_)),
      clock_(std::move(o.clock_)),
      depth_(o.depth_),
      callbacks_(o.callbacks_),
      track_stats_(o.track_stats_),
      holds_(std::move(o.holds_)),
      listeners_(std::move(o.listeners_)),
      last_listener_(o.last_listener_),
      delivering_(o.delivering_),
      committed_(std::move(o.committed_)),
      anchor_(std::move(o.anchor_)),
      replacements_(o.replacements_) {
  if (anchor_) *anchor_ = this;  // an open Transaction follows its database
}

Store& Store::operator=(Store&& o) noexcept {
  if (this == &o) return *this;
  if (anchor_) *anchor_ = nullptr;  // the transactions of the store replaced are gone
  owned_ = std::move(o.owned_);
  by_slot_ = std::move(o.by_slot_);
  order_ = std::move(o.order_);
  log_ = std::move(o.log_);
  clock_ = std::move(o.clock_);
  depth_ = o.depth_;
  callbacks_ = o.callbacks_;
  track_stats_ = o.track_stats_;
  holds_ = std::move(o.holds_);
  listeners_ = std::move(o.listeners_);
  last_listener_ = o.last_listener_;
  delivering_ = o.delivering_;
  committed_ = std::move(o.committed_);
  anchor_ = std::move(o.anchor_);
  if (anchor_) *anchor_ = this;
  // This store's old tables are gone: no count either store had may match again.
  replacements_ = std::max(replacements_, o.replacements_) + 1;
  return *this;
}

std::shared_ptr<Store*> Store::anchor() {
  if (!anchor_) anchor_ = std::make_shared<Store*>(this);
  return anchor_;
}

TableBase* Store::table_named(std::string_view name) const noexcept {
  for (TableBase* t : order_)
    if (t->name() == name) return t;
  return nullptr;
}

void Store::throw_reentrant() {
  throw Error(errc::misuse,
              "misuse: a write from inside a program callback (a hook, mutator, validator, "
              "listener, the clock, or a load's convert or dropped function): write after it "
              "returns");
}

void Store::track_stats(bool on) noexcept {
  track_stats_ = on;
  for (TableBase* t : order_) t->track_stats(on);
}

std::vector<std::string> Store::check() const {
  std::vector<std::string> problems;
  for (const TableBase* t : order_) t->check(problems);
  return problems;
}

Store Store::fresh() const {
  Store s;
  s.clock_ = clock_;
  s.track_stats_ = track_stats_;
  for (TableBase* t : order_) {
    std::size_t slot = 0;
    while (by_slot_[slot] != t) ++slot;
    auto table = t->make_empty();
    table->share_hooks(*t);  // a load keeps the program's hooks (and their handles)
    s.add(std::move(table), slot);
  }
  return s;
}

void Store::replace_tables(Store&& fresh) noexcept {
  owned_ = std::move(fresh.owned_);
  by_slot_ = std::move(fresh.by_slot_);
  order_ = std::move(fresh.order_);
  log_.clear();
  ++replacements_;
}

void Store::require_quiet(std::string_view what) const {
  if (callbacks_ != 0) throw_reentrant();
  if (depth_ != 0 || !holds_.empty())
    throw Error(errc::misuse, "misuse: " + std::string(what) +
                                  " while a statement, transaction, savepoint or mark is open: "
                                  "commit or roll it back first");
}

void Store::require_outside_statement(std::string_view what) const {
  if (depth_ != 0)
    throw Error(errc::misuse, "misuse: " + std::string(what) +
                                  " from inside a running statement (a hook, mutator, validator "
                                  "or the clock), whose rows are half written: call it after "
                                  "the statement returns, or from a change listener");
}

void throw_hooks_running(std::string_view table) {
  throw Error(errc::misuse, "misuse: the hooks of " + std::string(table) +
                                " changed while one of them runs: register or clear hooks "
                                "outside them");
}

void Store::throw_undefined(std::string_view table) {
  throw SchemaError("schema error: table " + std::string(table) +
                    " is not defined: call define<>() for its model first");
}

void Store::add(std::unique_ptr<TableBase> table, std::size_t slot) {
  if (slot < by_slot_.size() && by_slot_[slot])
    throw SchemaError("schema error: table " + table->name() + " is already defined");
  if (table_named(table->name()))
    throw SchemaError("schema error: two models use the table name " + table->name());
  for (ColumnInfo& c : table->columns()) {
    if (!c.foreign_key) continue;
    TableBase* target =
        c.references_table == table->name() ? table.get() : table_named(c.references_table);
    if (!target)
      throw SchemaError("schema error: " + table->name() + "." + c.name + " references " +
                        c.references_table + ", which is not defined: define it first");
    c.referenced = target;
    const ColumnInfo& key = target->columns()[c.referenced_column];
    if (key.kind == column_kind::string && !key.dict) target->make_text_key(c.referenced_column);
    c.dict = key.dict;  // a text key's codes
  }
  owned_.reserve(owned_.size() + 1);
  order_.reserve(order_.size() + 1);
  if (slot >= by_slot_.size()) by_slot_.resize(slot + 1, nullptr);
  for (std::size_t i = 0; i < table->columns().size(); ++i) {
    const ColumnInfo& c = table->columns()[i];
    if (c.foreign_key && c.enforced)  // a weak reference has no referential action
      c.referenced->add_incoming({table.get(), i, c.on_delete, c.referenced_column, c.on_update});
  }
  table->track_stats(track_stats_);
  by_slot_[slot] = table.get();
  order_.push_back(table.get());
  owned_.push_back(std::move(table));
}

}  // namespace relata::detail
