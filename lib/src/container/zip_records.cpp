#include "container/zip_records.hpp"

#include <initializer_list>

#include "nnact/status.hpp"

namespace nnact {
namespace {

constexpr std::uint32_t kMax32 = 0xFFFFFFFF;

std::uint64_t get(std::string_view s, std::size_t at, int bytes) {
  std::uint64_t v = 0;
  for (int i = bytes; i-- > 0;) v = v << 8 | static_cast<unsigned char>(s[at + i]);
  return v;
}

void put(std::string& s, std::uint64_t v, int bytes) {
  for (int i = 0; i < bytes; ++i) s += static_cast<char>((v >> (8 * i)) & 0xff);
}

void put_at(std::string& s, std::size_t at, std::uint64_t v, int bytes) {
  for (int i = 0; i < bytes; ++i) s[at + i] = static_cast<char>((v >> (8 * i)) & 0xff);
}

[[noreturn]] void bad(const std::string& file, const std::string& member, const std::string& what) {
  throw Error(ErrorKind::kData, file, "npz member \"" + member + "\": " + what);
}

// The zip64 extra (id 1) of an extra field: its data's offset, or npos.
std::size_t zip64_extra(std::string_view extra, std::size_t& length) {
  for (std::size_t at = 0; at + 4 <= extra.size();) {
    std::size_t id = get(extra, at, 2), size = get(extra, at + 2, 2);
    if (at + 4 + size > extra.size()) return std::string_view::npos;
    if (id == 1) {
      length = size;
      return at + 4;
    }
    at += 4 + size;
  }
  return std::string_view::npos;
}

// A central directory entry's fields that are 0xFFFFFFFF, read from its zip64 extra in the
// order size, compressed size, offset (APPNOTE 4.5.3).
void widen(std::string_view extra, std::initializer_list<std::uint64_t*> fields, const std::string& file, const std::string& member) {
  std::size_t length = 0, at = zip64_extra(extra, length), used = 0;
  for (std::uint64_t* field : fields) {
    if (*field != kMax32) continue;
    if (at == std::string_view::npos || used + 8 > length) bad(file, member, "a size or offset of 0xFFFFFFFF without its zip64 extra field");
    *field = get(extra, at + used, 8);
    used += 8;
  }
}

}  // namespace

std::size_t zip_local_variable_size(std::string_view fixed) { return get(fixed, 26, 2) + get(fixed, 28, 2); }

ZipEntry parse_zip_local(std::string local, const std::string& file) {
  ZipEntry e;
  std::size_t name_length = get(local, 26, 2);
  e.name = local.substr(kZipLocalFixed, name_length);
  e.version = get(local, 4, 2);
  e.flags = get(local, 6, 2);
  e.method = get(local, 8, 2);
  e.time = get(local, 10, 2);
  e.date = get(local, 12, 2);
  e.crc = get(local, 14, 4);
  e.compressed = get(local, 18, 4);
  e.size = get(local, 22, 4);
  if (e.flags & 1) bad(file, e.name, "is encrypted");
  if (e.flags & 8) bad(file, e.name, "has its sizes after the data (a data descriptor: the zip was written to a stream), which nnact does not read");
  if (e.method != 0 && e.method != 8) bad(file, e.name, "compression method " + std::to_string(e.method) + " (only stored and deflated are read)");
  std::string_view extra = std::string_view(local).substr(kZipLocalFixed + name_length);
  // A local zip64 extra holds both sizes (np.savez writes it with the real sizes in the
  // 32-bit fields too when they are small).
  std::size_t length = 0, at = zip64_extra(extra, length);
  if (at != std::string_view::npos && length >= 16) {
    e.zip64_size_at = kZipLocalFixed + name_length + at;
    e.zip64_compressed_at = e.zip64_size_at + 8;
    if (e.size == kMax32) e.size = get(extra, at, 8);
    if (e.compressed == kMax32) e.compressed = get(extra, at + 8, 8);
  } else if (e.size == kMax32 || e.compressed == kMax32) {
    bad(file, e.name, "a size of 0xFFFFFFFF without its zip64 extra field");
  }
  e.local = std::move(local);
  return e;
}

std::string patched_zip_local(const ZipEntry& e) {
  std::string local = e.local;
  const bool wide = e.zip64_size_at != 0 && e.zip64_compressed_at != 0;
  if (!wide && (e.size >= kMax32 || e.compressed >= kMax32)) {
    throw Error(ErrorKind::kUsage, "", "npz member \"" + e.name + "\" would be 4 GiB or more, and its input entry has no zip64 extra field");
  }
  put_at(local, 14, e.crc, 4);
  put_at(local, 18, e.size >= kMax32 || e.compressed >= kMax32 ? kMax32 : e.compressed, 4);
  put_at(local, 22, e.size >= kMax32 || e.compressed >= kMax32 ? kMax32 : e.size, 4);
  if (wide) {
    put_at(local, e.zip64_size_at, e.size, 8);
    put_at(local, e.zip64_compressed_at, e.compressed, 8);
  }
  return local;
}

void check_zip_directory(std::string_view d, std::uint64_t directory_offset, const std::vector<ZipEntry>& seen,
                         const std::string& file) {
  std::size_t at = 0;
  for (const ZipEntry& e : seen) {
    if (d.size() < at + kZipCentralFixed || d.substr(at, 4) != kZipCentral) bad(file, e.name, "has no central directory entry");
    std::size_t name_length = get(d, at + 28, 2), extra_length = get(d, at + 30, 2), comment = get(d, at + 32, 2);
    std::size_t end = at + kZipCentralFixed + name_length + extra_length + comment;
    if (end > d.size()) bad(file, e.name, "its central directory entry runs past the end of the file");
    std::string name(d.substr(at + kZipCentralFixed, name_length));
    std::uint64_t crc = get(d, at + 16, 4), compressed = get(d, at + 20, 4), size = get(d, at + 24, 4), offset = get(d, at + 42, 4);
    widen(d.substr(at + kZipCentralFixed + name_length, extra_length), {&size, &compressed, &offset}, file, name);
    if (name != e.name) bad(file, e.name, "the central directory names \"" + name + "\" in its place");
    if (offset != e.offset) bad(file, e.name, "the central directory puts it at offset " + std::to_string(offset) + ", not " + std::to_string(e.offset));
    if (crc != e.crc || size != e.size || compressed != e.compressed) bad(file, e.name, "the central directory gives another CRC or size than its local header");
    at = end;
  }
  if (d.size() >= at + 4 && d.substr(at, 4) == kZipCentral) {
    throw Error(ErrorKind::kData, file, "npz central directory lists more members than the file holds (" + std::to_string(seen.size()) + ")");
  }
  // End records: zip64 end record and locator (optional), then the end of central directory.
  if (d.size() >= at + 56 && d.substr(at, 4) == "PK\x06\x06") {
    if (get(d, at + 32, 8) != seen.size() || get(d, at + 48, 8) != directory_offset) {
      throw Error(ErrorKind::kData, file, "npz zip64 end record disagrees with the central directory");
    }
    at += 12 + get(d, at + 4, 8);
    if (d.size() < at + 20 || d.substr(at, 4) != "PK\x06\x07") throw Error(ErrorKind::kData, file, "npz zip64 end locator missing");
    at += 20;
  }
  if (d.size() < at + 22 || d.substr(at, 4) != "PK\x05\x06") throw Error(ErrorKind::kData, file, "npz file has no end of central directory record");
  std::uint64_t count = get(d, at + 10, 2), offset = get(d, at + 16, 4);
  if ((count != 0xFFFF && count != seen.size() % 0x10000) || (offset != kMax32 && offset != directory_offset)) {
    throw Error(ErrorKind::kData, file, "npz end of central directory record disagrees with the members (" + std::to_string(count) + " entries at " + std::to_string(offset) + ")");
  }
  if (at + 22 + get(d, at + 20, 2) != d.size()) throw Error(ErrorKind::kData, file, "npz file goes on after its end of central directory record");
}

std::string make_zip_directory(const std::vector<ZipEntry>& entries, std::uint64_t offset) {
  std::string d;
  for (const ZipEntry& e : entries) {
    std::string extra;
    const bool wide = e.size >= kMax32 || e.compressed >= kMax32 || e.offset >= kMax32;
    if (wide) {
      put(extra, 1, 2);
      put(extra, 24, 2);
      put(extra, e.size, 8);
      put(extra, e.compressed, 8);
      put(extra, e.offset, 8);
    }
    d += kZipCentral;
    put(d, 3 << 8 | (wide ? 45 : e.version), 2);  // made by: Unix, as Python's zipfile
    put(d, wide ? 45 : e.version, 2);
    put(d, e.flags, 2);
    put(d, e.method, 2);
    put(d, e.time, 2);
    put(d, e.date, 2);
    put(d, e.crc, 4);
    put(d, wide ? kMax32 : e.compressed, 4);
    put(d, wide ? kMax32 : e.size, 4);
    put(d, e.name.size(), 2);
    put(d, extra.size(), 2);
    put(d, 0, 2 + 2 + 2);                // comment, disk, internal attributes
    put(d, 0600u << 16, 4);              // external attributes: -rw-------, as np.savez's
    put(d, wide ? kMax32 : e.offset, 4);
    d += e.name + extra;
  }
  const std::uint64_t size = d.size(), end = offset + size;
  const bool wide = entries.size() >= 0xFFFF || size >= kMax32 || offset >= kMax32;
  if (wide) {
    d += "PK\x06\x06";
    put(d, 44, 8);
    put(d, 45, 2);
    put(d, 45, 2);
    put(d, 0, 4 + 4);
    put(d, entries.size(), 8);
    put(d, entries.size(), 8);
    put(d, size, 8);
    put(d, offset, 8);
    d += "PK\x06\x07";
    put(d, 0, 4);
    put(d, end, 8);
    put(d, 1, 4);
  }
  d += "PK\x05\x06";
  put(d, 0, 4);
  put(d, wide ? 0xFFFF : entries.size(), 2);
  put(d, wide ? 0xFFFF : entries.size(), 2);
  put(d, wide ? kMax32 : size, 4);
  put(d, wide ? kMax32 : offset, 4);
  put(d, 0, 2);
  return d;
}

}  // namespace nnact
