// How the npz reader hands a zip to the npz writer (internal). For npz output every batch's
// text starts with one of these bytes, followed by its payload; other writers see only the
// selected arrays' values (empty text).
#pragma once

namespace nnact::npz_frame {

inline constexpr char kCopied = 'C';    // + a local header: a member copied byte for byte...
inline constexpr char kBytes = 'B';     // + its bytes as in the file (compressed)
inline constexpr char kComputed = 'N';  // + a local header: a member written anew...
inline constexpr char kNpyHeader = 'H'; // + its npy header
inline constexpr char kValues = 'V';    // + nothing: the batch's values, little-endian
inline constexpr char kValuesBig = 'W'; // + nothing: the batch's values, big-endian
inline constexpr char kEnd = 'E';       // the computed member ends

}  // namespace nnact::npz_frame
