// Geometry: find the sheet of paper in a photo, rectify its perspective to
// the sheet's true aspect at the output resolution, turn it upright
// (quarter turns), and remove residual skew. A flatbed scan with no visible
// paper edge passes through with the whole image as the sheet.
#ifndef HOSO_PIPELINE_GEOMETRY_GEOMETRY_H_
#define HOSO_PIPELINE_GEOMETRY_GEOMETRY_H_

#include <array>
#include <functional>
#include <memory>
#include <vector>

#include <opencv2/core.hpp>

#include "hoso/status.h"

namespace hoso {

struct GeometryOptions {
  double output_dpi = 300.0;  // resolution of GeometryResult::page
  // Orientation detection may use Tesseract's data (e.g. OSD); empty = the
  // system default location.
  std::string tessdata_dir;
  // Whether the page needs its colour, asked of a small upright preview of
  // it (BGR at `preview_dpi`, ~50 dpi) before the full-resolution warp.
  // When set and it answers false, `page` is warped from the gray image
  // only (a third of the warp's cost, and Enhance then works on one
  // channel). Unset: `page` has the input's colours.
  std::function<bool(const cv::Mat& preview_bgr, double preview_dpi)> needs_colour;
};

struct GeometryResult {
  // Rectified, upright, deskewed, at output_dpi: 8-bit BGR, or 8-bit gray
  // for a gray input or when options.needs_colour said the page has no
  // colour worth keeping. A page that needed no resampling (an upright,
  // straight scan at output_dpi) shares the input's pixels: clone one of
  // them before writing into it.
  cv::Mat page;
  // Sheet corners in the input image's pixels, clockwise from the upright
  // page's top-left (the contract's "quad").
  std::array<cv::Point2f, 4> quad;
  bool sheet_found = false;  // false: no paper edge, whole image used
  int quarter_turns = 0;     // clockwise quarter turns applied, 0..3
  // Residual rotation removed after rectifying and turning, in degrees,
  // |skew| <= 5: positive = the text lines ran clockwise (downwards to the
  // right) and the page was rotated counter-clockwise by this much.
  double skew_degrees = 0.0;
  // Resolution of `page`: options.output_dpi, except for a pass-through
  // image of unknown resolution that is not A4-shaped, whose pixels are kept
  // as they are (dpi is then options.output_dpi by assumption).
  double dpi = 300.0;
  // Time this call spent loading the OSD engine (its first use on this
  // Geometry: ~0.1 s of CPU once per worker thread), wall and thread CPU:
  // start-up, which the caller may count apart from the page's geometry.
  double engine_load_ms = 0.0, engine_load_cpu_ms = 0.0;
};

// One per worker thread (holds a Tesseract OSD engine); not thread-safe.
// Construction only checks that osd.traineddata exists; the OSD engine is
// loaded (tens of ms) on the first page whose text leaves the up/down
// decision open, which few do. Run() costs roughly 0.1 s of CPU for a
// 3000 px photo, a third of it the final full-resolution warp.
//
// Page size: a found sheet is rectified to its estimated physical aspect,
// snapped to A4 (2480 x 3508 at 300 dpi) when close, which it is for these
// forms. A pass-through image is resampled to output_dpi when source_dpi is
// known, else, when its aspect is A4-like, so that its short side is 210 mm.
// Quad: for a pass-through image, the image corners (x in [0, w], y in
// [0, h]) in the same upright-top-left-first order.
//
// Create() fails with "geometry.osd_unavailable" when osd.traineddata cannot
// be loaded; Run() fails with "geometry.empty_image" / "geometry.bad_image"
// for an empty image or one that is not 8-bit grey, BGR or BGRA.
class Geometry {
 public:
  static Status Create(const GeometryOptions& options, std::unique_ptr<Geometry>* out);
  virtual ~Geometry() = default;
  // `bgr` is the decoded input (EXIF orientation applied); `source_dpi` is
  // its resolution when known (scans, PDFs), else 0.
  Status Run(const cv::Mat& bgr, double source_dpi, GeometryResult* out) {
    return RunTurned(bgr, 0, source_dpi, out);
  }
  // Run on `stored` turned clockwise by `quarter_turns` (0..3: an EXIF
  // orientation left to this stage, LoadedPage::quarter_turns), without
  // turning the full image: the turn is folded into the warp. The result,
  // quad included, is Run's on the turned image (to pixel-level noise).
  virtual Status RunTurned(const cv::Mat& stored, int quarter_turns, double source_dpi, GeometryResult* out) = 0;
  // RunTurned on an image the caller gives up: when no one else holds its
  // pixels, a colour image whose page is warped in grey has its grey copy
  // made in its own memory instead of fresh memory (a 6.75 MP photo: 6.75
  // MB less, which a new process pays for on first touch). The same result.
  virtual Status RunTurnedTaking(cv::Mat&& stored, int quarter_turns, double source_dpi, GeometryResult* out) = 0;
  // RunTurned without looking for the sheet: the whole image is the page
  // (sheet_found false), turned upright and deskewed by its text. For a
  // photo whose outline the search got wrong (the caller knows by what
  // the page then read: none of the forms).
  virtual Status RunWholeTurned(const cv::Mat& stored, int quarter_turns, double source_dpi, GeometryResult* out) = 0;
};

namespace geometry_internal {

// Exposed for tests. CIE Lab (D65) of an 8-bit BGR image in OpenCV's 8-bit
// encoding (L * 255 / 100, a + 128, b + 128), within 1 of
// cv::cvtColor(COLOR_BGR2Lab), without the ~115 ms of tables OpenCV builds
// on its first 8-bit Lab conversion in a process. `use_cache`: colours
// converted before on the thread are looked up (the same bytes as without:
// tests compare the two).
void BgrToLab(const cv::Mat& bgr, cv::Mat* lab, bool use_cache = true);

// The grey level (OpenCV's BGR to grey) of an 8-bit Lab colour as BgrToLab
// encodes it, each channel rounded to 8 bits first; within 1 of
// cv::cvtColor(COLOR_Lab2BGR) then (COLOR_BGR2GRAY), again without
// OpenCV's tables.
double LabToGrey(const std::array<float, 3>& lab);

// The sheet's long side / short side and whether it is portrait, from its
// corners in the photo (TL, TR, BR, BL) and the photo's size: A4 when the
// camera model or the sides say so (what Rectify makes the page).
void SheetShape(const std::array<cv::Point2f, 4>& quad, cv::Size image, double* long_over_short, bool* portrait);

// Which way the text inside the outline `q` (TL, TR, BR, BL) runs, from
// `ink` (8-bit, text bright on black: the black-hat of the closed image):
// +1 along its top and bottom sides, -1 along its left and right, 0 when
// neither way is clearly sharper in the rectified outline's row and column
// profiles (a blank or blurred sheet).
int TextRunsAlong(const cv::Mat& ink, const std::array<cv::Point2f, 4>& q);

// Length (pixels) of the line x cos(theta) + y sin(theta) = rho, inside
// `mask` (8-bit, 0 / non-zero), along which the mask differs at `offset`
// pixels either side of it: a step between paper and what is not paper.
double PaperStep(const cv::Mat& mask, double theta, double rho, double offset);

// Exposed for tests. The standard deviation of an 8-bit gray image over the
// w x w window (w odd) about a pixel, bit for bit what converting it to
// float, box-filtering it and its square (OpenCV's default border), taking
// E[x^2] - E[x]^2 clamped at 0 and its square root gives, but only at the
// pixels asked for, each from its window's pixels: the sheet search reads
// a few thousand points (~1 ms), where the image's integrals took two
// passes and 10 MB, which a process's first page faults in (~25 ms).
class LocalStd {
 public:
  LocalStd(const cv::Mat& gray, int w);
  float At(int x, int y) const;

 private:
  cv::Mat padded_;  // the image padded by w / 2 (reflected)
  int w_;
  double scale_;
};

// Exposed for tests. A sheet outline the search scored: its corners (TL,
// TR, BR, BL), score, paper uniformity inside, area (a fraction of the
// image's), the fraction of each side's points with a paper-to-surroundings
// step, the most inked of its margins, and how far edges run on past its
// corners (Overshoot's excess over what is tolerated, summed).
struct SheetCandidate {
  std::array<cv::Point2f, 4> quad;
  double score = 0, uniformity = 0, area = 0;
  std::array<double, 4> support{};
  double margin_ink = 0;
  double overshoot = 0;
  double not_a4 = 0;  // |log| of its long/short ratio over A4's
};

// Exposed for tests. Two sheets, one on the other, the second's edge in line
// with the first's: the outline round both (`all[best]`) is the top sheet's
// with one or two sides moved out to the other's edges. The index of the
// candidate to take instead: one inside it that shares two of its corners
// (within 1.2% of the image's long side), keeps 60-97% of its area, shows a
// clear edge on every side (support >= 0.75, or no less than the outer's
// weakest side: the top sheet's edge over the other sheet shows a step at
// half its points, and the outline round both may have two sides no
// clearer; a2020 d0002/1) round paper as uniform (within 0.03), and whose
// margins are no more inked than `margin_ink_tolerated` (+0.05) nor 0.2
// more than the outer's: a side through a line of the form's
// text or a table's rule is no edge; nor with more overshoot than the
// outer's: a cut across the sheet has the sheet's own sides running on past
// its corners (w8686 d0032/2). The best scoring such one, else `best`.
// Measured: two such photos of the five evaluation sets fixed (quad IoU
// 0.73 -> 0.99, 0.78 -> 0.99), none of 600 other photos changed. The
// outer's weakest side as the bar: a2020 d0002/1 fixed (0.62 -> 0.995, and
// its turn), l6363 d0005/1 0.49 -> 0.54, no other of 3661 pages (46 sets)
// changed.
int PreferInnerSheet(const std::vector<SheetCandidate>& all, int best, double long_side, double margin_ink_tolerated);

// Exposed for tests; they score a sheet candidate (DetectSheet). `q` is the
// candidate's corners (TL, TR, BR, BL).
//
// Overshoot: per corner, how far its sides' edges run on past it. Each
// side's line is followed beyond the corner from `from` to `to` pixels, and
// the fraction of points there where `closed` (the grey image closed over
// print, so a second sheet's text is no step) falls by more than 12 levels
// from paper-bright inside (at least 0.6 of `paper_grey`) to outside is
// taken; the corner's is the larger of its two sides'. A sheet's side ends
// at its corner, with background on both sides beyond it; where a second
// sheet's edge meets the first's side, a T, one edge runs on. A side's
// points off the image count neither way.
std::array<double, 4> Overshoot(const cv::Mat& closed, const std::array<cv::Point2f, 4>& q, double paper_grey,
                                double from, double to, int samples = 12);

// CornersNotPaper: the number of corners whose inside is not paper: the
// mean Lab colour (`lab`, 8-bit) of five points `from` to `to` pixels in
// along the corner's bisector is far from `paper` (the sheet's median)
// in chroma, or under 0.4 / over 2.2 of its lightness. A sheet's corner has
// paper inside; an outline's corner out on the background or on a cloth
// does not. A corner whose points mostly leave the image counts neither way.
int CornersNotPaper(const cv::Mat& lab, const std::array<cv::Point2f, 4>& q, const std::array<float, 3>& paper,
                    double from, double to);

// The grey of a continuous 8-bit BGR image, as cv::cvtColor(COLOR_BGR2GRAY)
// makes it, made in the image's own memory (its first third) band by band:
// a band's colour rows are read before its grey rows are written, which
// never reach colour rows not yet read. The colour pixels are gone after;
// the grey image shares (and keeps) the buffer.
cv::Mat GreyInPlace(const cv::Mat& bgr);

// PaperUniformity: the fraction of a grid of points inside `q` (inset by
// 6 %) that look like the sheet's paper: the colour (`lab`, 8-bit) near the
// median's in chroma, its lightness 0.55 to 2.2 times the median's (a shadow
// over most of the sheet makes the median shadowed paper), and the closed
// image smooth there (`local_std` under 9). The sheet search's measure.
double PaperUniformity(const cv::Mat& lab, const LocalStd& local_std, const std::array<cv::Point2f, 4>& q);

// MaskFraction: the fraction of a grid x grid spread of points over `q`
// (bilinear in its corners) where `mask` is set, of those on the image.
double MaskFraction(const cv::Mat& mask, const std::array<cv::Point2f, 4>& q, int grid = 32);

// The page's clockwise quarter turns from its evidence: `k0` the turns that
// make its text lines horizontal (0 or 1; `direction_sure` when the line
// profiles settled it), `balance` the lines' ascender/descender balance
// (> 0 upright; decisive from 0.1 on when the direction is sure), and
// Tesseract's OSD (`osd_turns` < 0: none), which wins only when confident
// and reading the lines the same way. With neither balance (|balance| <
// 0.05) nor an OSD answer, `k0`: a coin toss does not turn a page over.
int ChooseTurns(int k0, bool direction_sure, double balance, int osd_turns, float osd_confidence);
// Whether the balance decides alone (ChooseTurns then needs no OSD).
bool BalanceDecides(bool direction_sure, double balance);

}  // namespace geometry_internal

}  // namespace hoso

#endif  // HOSO_PIPELINE_GEOMETRY_GEOMETRY_H_
