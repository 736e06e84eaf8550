// relata/snapshot.hpp — options and handles of Database::save and Database::load.
//
// Contract: a snapshot is the whole database in one self-describing file
// (docs/snapshot-format.md). A save is atomic: afterwards the file holds either the old
// snapshot or the new one, never a mixture, and a failed save leaves the old file and no
// temporary file. A load checks everything before it changes anything: on any failure the
// database is exactly as it was. Failures are relata::SnapshotError.
#pragma once

#include <functional>
#include <future>
#include <map>
#include <span>
#include <string>

#include "relata/value.hpp"

namespace relata {

/// How Database::save writes a file.
struct SaveOptions {
  /// Keep the snapshot being replaced as `<file>.prev` (replacing an older one).
  bool keep_previous = false;
};

/// How Database::load fits a snapshot to the program's models when they differ (tables and
/// columns are matched by name; see docs/snapshot-format.md). Its functions may read the
/// database but not write it (errc::misuse); what they throw becomes a SnapshotError.
struct LoadOptions {
  /// Converts the stored values of a column whose type changed, keyed "table.column"; the
  /// result must fit the model's column.
  std::map<std::string, std::function<Value(const Value&)>, std::less<>> convert;
  /// Receives each row of a stored table the program no longer defines, keyed by table
  /// name: the stored column names and the row's values.
  std::map<std::string,
           std::function<void(std::span<const std::string> columns, std::span<const Value> row)>,
           std::less<>>
      dropped;
};

/// A save running on another thread (Database::save_async). Contract: wait() returns when
/// the file is written and rethrows the save's error; the destructor waits too, so a
/// program never exits with half a save in flight.
class SaveHandle {
 public:
  /// Wraps the running write.
  explicit SaveHandle(std::future<void> done) : done_(std::move(done)) {}
  SaveHandle(SaveHandle&&) noexcept = default;      ///< moves the wait
  SaveHandle& operator=(SaveHandle&& o) noexcept {  ///< waits for this save, then takes o's
    if (done_.valid()) done_.wait();
    done_ = std::move(o.done_);
    return *this;
  }
  ~SaveHandle() {
    if (done_.valid()) done_.wait();
  }
  /// Blocks until the file is written; throws the save's SnapshotError, once.
  void wait() {
    if (done_.valid()) done_.get();
  }
  /// True when the write has finished (successfully or not).
  [[nodiscard]] bool ready() const {
    return !done_.valid() || done_.wait_for(std::chrono::seconds(0)) == std::future_status::ready;
  }

 private:
  std::future<void> done_;
};

}  // namespace relata
