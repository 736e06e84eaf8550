// Internal: a Store to snapshot bytes and back, and the atomic file write. The Database's
// save/load members are thin calls into these (snapshot.cpp).
#pragma once

#include <filesystem>
#include <functional>
#include <iosfwd>
#include <string>
#include <string_view>

#include "relata/detail/store.hpp"
#include "relata/snapshot.hpp"

namespace relata::detail {

/// The snapshot of every table of `store` (docs/snapshot-format.md). Refused (errc::misuse)
/// from inside a running statement, whose rows are half written.
[[nodiscard]] std::string encode_snapshot(const Store& store);
/// Decodes `bytes` into a fresh copy of `store`'s tables, checks every constraint and only
/// then swaps them in. Throws SnapshotError (store unchanged).
void load_snapshot(Store& store, std::string_view bytes, const LoadOptions& options);

/// Writes `bytes` to `file` atomically (temporary file, fsync, rename, fsync directory).
void write_snapshot_file(const std::filesystem::path& file, std::string_view bytes,
                         const SaveOptions& options);
/// The whole content of `file`; SnapshotError naming the file when it cannot be read.
[[nodiscard]] std::string read_snapshot_file(const std::filesystem::path& file);
/// Writes `bytes` to a stream; SnapshotError when the stream fails.
void write_snapshot_stream(std::ostream& out, std::string_view bytes);
/// Everything a stream holds; SnapshotError when it fails before its end.
[[nodiscard]] std::string read_snapshot_stream(std::istream& in);

/// Test hook: called before each step of a file save ("open", "write", "fsync", "close",
/// "link", "rename", "fsync directory"); a non-zero result fails that step with that errno.
/// Not thread-safe: set it only while no save runs. An empty function removes the hook.
void set_save_fault(std::function<int(std::string_view step)> fault);

}  // namespace relata::detail
