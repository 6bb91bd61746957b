#include "pipeline/core/jpeg.h"

#include <csetjmp>
#include <cstdio>

#include <jpeglib.h>

namespace hoso {
namespace {

// libjpeg reports fatal errors through error_exit, which must not return:
// it jumps back to the setjmp in the caller's frame. Nothing with a
// destructor lives in those frames between the setjmp and the jump.
struct JpegErrorJump {
  jpeg_error_mgr mgr;
  std::jmp_buf jump;
};

[[noreturn]] void JpegErrorExit(j_common_ptr c) {
  std::longjmp(reinterpret_cast<JpegErrorJump*>(c->err)->jump, 1);
}

void JpegIgnoreMessage(j_common_ptr, int) {}

// libjpeg's error manager for `err`: fatal errors jump to err->jump,
// warnings are ignored (as OpenCV's codecs ignore them).
jpeg_error_mgr* JumpOnError(JpegErrorJump* err) {
  jpeg_error_mgr* mgr = jpeg_std_error(&err->mgr);
  mgr->error_exit = JpegErrorExit;
  mgr->emit_message = JpegIgnoreMessage;
  return mgr;
}

// A destination that appends to a caller's string in 64 KiB steps: nothing
// to free when libjpeg jumps out (jpeg_mem_dest's own buffer would leak).
struct StringDestination {
  jpeg_destination_mgr mgr;
  std::string* out;
  unsigned char buf[1 << 16];
};

void InitDestination(j_compress_ptr c) {
  auto* d = reinterpret_cast<StringDestination*>(c->dest);
  d->mgr.next_output_byte = d->buf;
  d->mgr.free_in_buffer = sizeof(d->buf);
}

boolean EmptyOutputBuffer(j_compress_ptr c) {
  auto* d = reinterpret_cast<StringDestination*>(c->dest);
  d->out->append(reinterpret_cast<const char*>(d->buf), sizeof(d->buf));
  d->mgr.next_output_byte = d->buf;
  d->mgr.free_in_buffer = sizeof(d->buf);
  return TRUE;
}

void TermDestination(j_compress_ptr c) {
  auto* d = reinterpret_cast<StringDestination*>(c->dest);
  d->out->append(reinterpret_cast<const char*>(d->buf), sizeof(d->buf) - d->mgr.free_in_buffer);
}

}  // namespace

bool DecodeJpeg(const std::string& bytes, cv::Mat* out) {
  jpeg_decompress_struct c;
  JpegErrorJump err;
  c.err = JumpOnError(&err);
  jpeg_create_decompress(&c);
  if (setjmp(err.jump)) {
    jpeg_destroy_decompress(&c);
    out->release();
    return false;
  }
  jpeg_mem_src(&c, reinterpret_cast<const unsigned char*>(bytes.data()), static_cast<unsigned long>(bytes.size()));
  jpeg_read_header(&c, TRUE);
  if (c.num_components != 1 && c.num_components != 3) {
    jpeg_destroy_decompress(&c);
    out->release();
    return false;
  }
  c.out_color_space = c.num_components == 1 ? JCS_GRAYSCALE : JCS_EXT_BGR;
  jpeg_start_decompress(&c);
  out->create(static_cast<int>(c.output_height), static_cast<int>(c.output_width),
              c.output_components == 1 ? CV_8UC1 : CV_8UC3);
  while (c.output_scanline < c.output_height) {
    JSAMPROW row = out->ptr<uchar>(static_cast<int>(c.output_scanline));
    jpeg_read_scanlines(&c, &row, 1);
  }
  jpeg_finish_decompress(&c);
  jpeg_destroy_decompress(&c);
  return true;
}

bool EncodeJpeg(const cv::Mat& image, int quality, std::string* out) {
  out->clear();
  if (image.empty() || image.depth() != CV_8U || (image.channels() != 1 && image.channels() != 3)) return false;
  jpeg_compress_struct c;
  JpegErrorJump err;
  c.err = JumpOnError(&err);
  static thread_local StringDestination dest;  // 64 KiB: not on the stack
  dest.mgr.init_destination = InitDestination;
  dest.mgr.empty_output_buffer = EmptyOutputBuffer;
  dest.mgr.term_destination = TermDestination;
  dest.out = out;
  jpeg_create_compress(&c);
  if (setjmp(err.jump)) {
    jpeg_destroy_compress(&c);
    out->clear();
    return false;
  }
  c.dest = &dest.mgr;
  c.image_width = static_cast<JDIMENSION>(image.cols);
  c.image_height = static_cast<JDIMENSION>(image.rows);
  c.input_components = image.channels();
  c.in_color_space = image.channels() == 1 ? JCS_GRAYSCALE : JCS_EXT_BGR;
  // As OpenCV's JpegEncoder: defaults, then the quality with baseline
  // tables; no restart markers, no progression, no optimised tables.
  jpeg_set_defaults(&c);
  jpeg_set_quality(&c, quality, TRUE);
  jpeg_start_compress(&c, TRUE);
  while (c.next_scanline < c.image_height) {
    JSAMPROW row = const_cast<uchar*>(image.ptr<uchar>(static_cast<int>(c.next_scanline)));
    jpeg_write_scanlines(&c, &row, 1);
  }
  jpeg_finish_compress(&c);
  jpeg_destroy_compress(&c);
  return true;
}

}  // namespace hoso
