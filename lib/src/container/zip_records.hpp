// The zip records an .npz file is made of (internal; PKWARE APPNOTE 6.3: 4.3.7 local file
// header, 4.3.12 central directory header, 4.3.14-16 end records, 4.5.3 the zip64 extra field).
// Only what np.savez and np.savez_compressed write is needed: stored or deflated members, no
// encryption, sizes in the local header (no data descriptor), zip64 extras and end records.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace nnact {

inline constexpr std::string_view kZipLocal = "PK\x03\x04";
inline constexpr std::string_view kZipCentral = "PK\x01\x02";
inline constexpr std::size_t kZipLocalFixed = 30;    // bytes before the name
inline constexpr std::size_t kZipCentralFixed = 46;  // bytes before the name

struct ZipEntry {
  std::string name;
  std::uint16_t version = 20, flags = 0, method = 0, time = 0, date = 0;
  std::uint32_t crc = 0;
  std::uint64_t compressed = 0, size = 0;
  std::uint64_t offset = 0;  // of the local header
  std::string local;         // the local header as written: fixed part, name, extra
  // Where the local header's zip64 extra holds the size and the compressed size (0: absent).
  std::size_t zip64_size_at = 0, zip64_compressed_at = 0;
};

// The lengths of the name and extra field of a local header, from its 30 fixed bytes.
std::size_t zip_local_variable_size(std::string_view fixed);
// Parses a whole local header (`local`: fixed part, name, extra). Throws Error(kData) naming
// `file` and the member for what nnact cannot read (encryption, a data descriptor, a method
// other than stored or deflated).
ZipEntry parse_zip_local(std::string local, const std::string& file);
// The local header of `entry` with its CRC and sizes replaced (in the zip64 extra too).
std::string patched_zip_local(const ZipEntry& entry);

// Checks the central directory and end records (all bytes from the first central header to
// the end of the file) against the members read. Throws Error(kData) naming the member.
void check_zip_directory(std::string_view directory, std::uint64_t directory_offset, const std::vector<ZipEntry>& seen,
                         const std::string& file);
// The central directory for `entries` and the end records (zip64 ones when needed), starting
// at `offset`.
std::string make_zip_directory(const std::vector<ZipEntry>& entries, std::uint64_t offset);

}  // namespace nnact
