// Motion-blur estimation from the power spectrum, and Wiener deconvolution.
//
// Estimation. The page is cut into 128 px tiles; the most textured ones
// (text) are windowed and their power spectra averaged, then logged. For
// each of 90 directions t, the log spectrum is sampled along a thin band
// through the origin: the profile P_t(k), k = 0..64. A line blur of length
// L along t makes P_t - P_t+90 follow log(sinc^2(L k / 128) snr + 1) -
// log(snr + 1), where snr(k) is how far P_t+90 stands above the noise floor
// (a dip cannot go below the noise). The best direction is the one whose
// model, over lengths 3..30, explains the most of that difference; a sharp
// or evenly (focus) blurred page has no direction that does. The length is
// then read from the deepest dip of the chosen profile, the first zero of
// the sinc (k = 128 / L), which is more exact than the model's fit: the
// true smear varies a little across a photographed page, and its second
// lobe fills in. Last, direction and length are refined on that first zero
// itself, a straight line across the whole spectrum (RefineZeroLine).
#include "pipeline/enhance/deblur.h"

#include <algorithm>
#include <cmath>
#include <functional>
#include <map>
#include <mutex>
#include <new>
#include <utility>
#include <vector>

#include <fftw3.h>
#include <opencv2/imgproc.hpp>

#include "pipeline/core/image.h"

namespace hoso {

namespace {

constexpr int kTile = 128;
constexpr int kHalf = kTile / 2;
constexpr int kDirections = 90;
constexpr int kMaxTiles = 40;
constexpr int kFittedDirections = 8;
// The zero line's direction is searched within this many degrees of the
// best profile's, in these steps.
constexpr double kRefineDeg = 8.0, kRefineStepDeg = 0.5;
// A tile is textured when its gray standard deviation is at least this.
constexpr double kMinTileStd = 15.0;
// On a page where fewer than three tiles are (faint print, or a sheet in
// shadow whose text tiles reach 10-14), a tile is when its deviation is
// this many times the blank paper's (the tenth-percentile tile's: grain).
constexpr double kTextOverPaper = 2.5;
// Detection: the model must explain this much of the directional dips, in
// total and as a fraction. Sharp and focus-blurred pages reach ~45 and 0.6;
// motion-blurred ones 170 and more, 0.7 and more.
constexpr double kMinGain = 100.0;
constexpr double kMinFit = 0.65;
// `weak`: a smear that these lower bars admit. Generated hard photo k777
// d0014_1, visibly smeared: gain 74, fit 0.60.
constexpr double kWeakMinGain = 50.0;
constexpr double kWeakMinFit = 0.5;
// Deepest model dip used (log units): a real dip is filled by noise.
constexpr double kModelFloor = -3.5;
constexpr double kPi = 3.14159265358979323846;

double Sinc(double x) { return std::abs(x) < 1e-9 ? 1.0 : std::sin(kPi * x) / (kPi * x); }

// The smear lengths the model tries: 3 to 30 pixels in quarters.
constexpr int kMinLengthQuarters = 12, kMaxLengthQuarters = 120;

// Sinc(j / (4 kTile)) for j up to kMaxLengthQuarters * kHalf: the model's
// Sinc(len * k / kTile) with len = j_len / 4, the same double (quarters
// and a power of two divide exactly), from a table made once.
double SincOfQuarters(int j) {
  static const std::vector<double> table = [] {
    std::vector<double> t(kMaxLengthQuarters * kHalf + 1);
    for (size_t i = 0; i < t.size(); ++i) t[i] = Sinc(static_cast<double>(i) / (4 * kTile));
    return t;
  }();
  return table[j];
}

float At(const cv::Mat& logp, int u, int v) {
  return logp.at<float>((v + kTile) % kTile, (u + kTile) % kTile);
}

// Bilinear sample of the (periodic) log spectrum at frequency (u, v).
double Sample(const cv::Mat& logp, double u, double v) {
  const int u0 = static_cast<int>(std::floor(u)), v0 = static_cast<int>(std::floor(v));
  const double fu = u - u0, fv = v - v0;
  return (1 - fu) * (1 - fv) * At(logp, u0, v0) + fu * (1 - fv) * At(logp, u0 + 1, v0) +
         (1 - fu) * fv * At(logp, u0, v0 + 1) + fu * fv * At(logp, u0 + 1, v0 + 1);
}

// The sinc's first zero is a straight line across the whole spectrum, at
// distance k0 from the origin, perpendicular to the blur. Along the profile
// through the origin a direction a few degrees off still crosses it (at a
// slightly larger k), so the direction is refined from the line itself:
// the (angle, k0) whose line lies deepest below its two neighbours at
// 0.75 k0 and 1.25 k0, sampled over the spectrum's middle.
void RefineZeroLine(const cv::Mat& logp, double* angle_deg, double* k0) {
  double best = -1e9, best_angle = *angle_deg, best_k = *k0;
  for (double da = -kRefineDeg; da <= kRefineDeg + 1e-9; da += kRefineStepDeg) {
    const double th = (*angle_deg + da) * kPi / 180.0, c = std::cos(th), s = std::sin(th);
    for (double dk = -0.12; dk <= 0.12 + 1e-9; dk += 0.02) {
      const double k = *k0 * (1.0 + dk);
      const double half = std::min(0.5 * kHalf, std::sqrt(std::max(0.0, 0.8 * kHalf * kHalf - 1.6 * k * k)));
      double on = 0, off = 0;
      int n = 0;
      for (double t = -half; t <= half; t += 1.0) {
        for (int side = -1; side <= 1; side += 2) {
          auto at = [&](double r) { return Sample(logp, side * r * c - t * s, side * r * s + t * c); };
          on += at(k);
          off += 0.5 * (at(0.75 * k) + at(1.25 * k));
          ++n;
        }
      }
      const double depth = n ? (off - on) / n : 0;
      if (depth > best) {
        best = depth;
        best_angle = *angle_deg + da;
        best_k = k;
      }
    }
  }
  *angle_deg = best_angle;
  *k0 = best_k;
}

// Wiener's filter of a real, centred blur is real: each frequency is only
// scaled (its real and imaginary parts alike), by the same factor as its
// conjugate, which keeps the half spectrum a real page's. A Gain gives that factor:
// SetSize(W, H) for a W x H transform, then gain(u, v) for the signed
// frequency (u, v). Called for every frequency of the page: a functor the
// compiler inlines, with what depends on the size alone worked out once.

// A centred line of the smear's length along its direction: sinc(L f.t),
// which depends on x = L f.t alone, |x| <= L; Wiener's gain is tabulated at
// 1/256 steps of x.
class LineGain {
 public:
  LineGain(const MotionBlur& b, double nsr)
      : th_(b.angle_deg * kPi / 180.0), length_(b.length_px),
        table_(static_cast<size_t>(std::ceil(b.length_px)) * kSteps + 2) {
    for (size_t i = 0; i < table_.size(); ++i) {
      const double h = Sinc(static_cast<double>(i) / kSteps);
      table_[i] = static_cast<float>(h / (h * h + nsr));
    }
  }
  void SetSize(int w, int h) {
    cx_ = std::cos(th_) * length_ / w * kSteps;
    cy_ = std::sin(th_) * length_ / h * kSteps;
  }
  float operator()(int u, int v) const {
    const double x = cx_ * u + cy_ * v;
    const size_t i = static_cast<size_t>(std::abs(x) + 0.5);
    return table_[std::min(i, table_.size() - 1)];
  }

 private:
  static constexpr int kSteps = 256;
  double th_, length_, cx_ = 0, cy_ = 0;
  std::vector<float> table_;
};

// A Gaussian of `sigma_px`: exp(-2 pi^2 sigma^2 |f|^2), f in cycles per
// pixel.
class GaussianGain {
 public:
  GaussianGain(double sigma_px, double nsr) : k_(2.0 * kPi * kPi * sigma_px * sigma_px), nsr_(nsr) {}
  void SetSize(int w, int h) { w_ = w, h_ = h; }
  float operator()(int u, int v) const {
    const double fx = static_cast<double>(u) / w_, fy = static_cast<double>(v) / h_;
    const double t = std::exp(-k_ * (fx * fx + fy * fy));
    return static_cast<float>(t / (t * t + nsr_));
  }

 private:
  double k_, nsr_;
  int w_ = 1, h_ = 1;
};

// FFTW plans for a W x H real transform (forward, real to half complex;
// inverse, half complex to real), made once per size and kept: planning
// touches FFTW's global state, so it is done under a lock, while running a
// plan on arrays of the same alignment (fftwf_malloc's) is safe on any
// thread. Sizes come from cv::getOptimalDFTSize of the padded page, so a
// run sees few; past kMaxPlans they are made and freed per transform.
class Plans {
 public:
  struct Pair {
    fftwf_plan forward = nullptr, inverse = nullptr;
  };
  // The plans for one transform, freed with it when they were made for it
  // alone.
  class Lease {
   public:
    Lease(Plans* plans, Pair pair, bool owned) : plans_(plans), pair_(pair), owned_(owned) {}
    Lease(const Lease&) = delete;
    Lease& operator=(const Lease&) = delete;
    ~Lease() {
      if (owned_) plans_->Free(pair_);
    }
    const Pair& get() const { return pair_; }

   private:
    Plans* plans_;
    Pair pair_;
    bool owned_;
  };
  static Plans& All() {
    static Plans* plans = new Plans();  // never destroyed: used until exit
    return *plans;
  }
  // The plans for W x H (null when FFTW could not make them).
  Lease Get(int W, int H) {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = plans_.find({W, H});
    if (it != plans_.end()) return Lease(this, it->second, false);
    Pair p = Make(W, H);
    const bool keep = plans_.size() < kMaxPlans && p.forward && p.inverse;
    if (keep) plans_.emplace(std::make_pair(W, H), p);
    return Lease(this, p, !keep);
  }

 private:
  static constexpr size_t kMaxPlans = 64;
  static Pair Make(int W, int H) {
    // FFTW_ESTIMATE plans without touching the arrays (made here only for
    // their size and alignment).
    Pair p;
    float* real = fftwf_alloc_real(static_cast<size_t>(W) * H);
    fftwf_complex* half = fftwf_alloc_complex(static_cast<size_t>(W / 2 + 1) * H);
    if (real && half) {
      p.forward = fftwf_plan_dft_r2c_2d(H, W, real, half, FFTW_ESTIMATE);
      p.inverse = fftwf_plan_dft_c2r_2d(H, W, half, real, FFTW_ESTIMATE);
    }
    fftwf_free(real);
    fftwf_free(half);
    return p;
  }
  void Free(const Pair& p) {
    std::lock_guard<std::mutex> lock(mu_);
    if (p.forward) fftwf_destroy_plan(p.forward);
    if (p.inverse) fftwf_destroy_plan(p.inverse);
  }
  std::mutex mu_;
  std::map<std::pair<int, int>, Pair> plans_;
};

// Mean log power spectrum (unshifted, kTile x kTile) of the most textured
// tiles of the page's middle, each read from a square of `kTile / scale`
// page pixels shrunk to kTile; empty when there are fewer than 3.
cv::Mat MeanLogSpectrum(const cv::Mat& gray, double scale) {
  const int side = static_cast<int>(std::lround(kTile / scale));
  std::vector<std::pair<double, cv::Rect>> all, tiles;
  for (int y = gray.rows / 10; y + side <= gray.rows * 9 / 10; y += side) {
    for (int x = gray.cols / 12; x + side <= gray.cols * 11 / 12; x += side) {
      cv::Scalar mean, sd;
      const cv::Rect r(x, y, side, side);
      cv::meanStdDev(gray(r), mean, sd);
      all.emplace_back(sd[0], r);
    }
  }
  auto keep_from = [&](double least) {
    tiles.clear();
    for (const auto& t : all)
      if (t.first >= least) tiles.push_back(t);
  };
  keep_from(kMinTileStd);
  if (tiles.size() < 3 && all.size() >= 10) {
    std::vector<double> sds;
    for (const auto& t : all) sds.push_back(t.first);
    std::nth_element(sds.begin(), sds.begin() + sds.size() / 10, sds.end());
    keep_from(std::min(kMinTileStd, kTextOverPaper * sds[sds.size() / 10]));
  }
  if (tiles.size() < 3) return {};
  if (tiles.size() > kMaxTiles) {
    std::nth_element(tiles.begin(), tiles.begin() + kMaxTiles, tiles.end(),
                     [](const auto& a, const auto& b) { return a.first > b.first; });
    tiles.resize(kMaxTiles);
  }
  cv::Mat window;
  cv::createHanningWindow(window, cv::Size(kTile, kTile), CV_32F);
  // FFTW's real transform gives the columns u = 0 .. kHalf of every row v;
  // the rest are their conjugates, of the same power: P(u, v) = P(kTile -
  // u, -v). (cv::dft took 80 us per tile, 3 ms per page.)
  constexpr int kHalfCols = kHalf + 1;
  cv::Mat acc(kTile, kTile, CV_32F), half_power = cv::Mat::zeros(kTile, kHalfCols, CV_32F), small;
  cv::Mat t(kTile, kTile, CV_32F), spectrum(kTile, kHalfCols, CV_32FC2);
  const Plans::Lease lease = Plans::All().Get(kTile, kTile);
  if (!lease.get().forward) throw std::bad_alloc();
  CV_Assert(fftwf_alignment_of(t.ptr<float>()) == 0 && fftwf_alignment_of(spectrum.ptr<float>()) == 0);
  for (const auto& [sd, r] : tiles) {
    if (side == kTile) {
      small = gray(r);
    } else if (2 * side == 3 * kTile) {
      ShrinkTwoThirds(gray(r), &small);  // a 200 dpi page's: the same pixels, ~6x faster
    } else {
      small = ShrinkArea(gray(r), cv::Size(kTile, kTile), cv::INTER_AREA);
    }
    small.convertTo(t, CV_32F);
    t -= cv::mean(t)[0];
    cv::multiply(t, window, t);
    fftwf_execute_dft_r2c(lease.get().forward, t.ptr<float>(), reinterpret_cast<fftwf_complex*>(spectrum.ptr<float>()));
    for (int y = 0; y < kTile; ++y) {
      const cv::Vec2f* f = spectrum.ptr<cv::Vec2f>(y);
      float* a = half_power.ptr<float>(y);
      for (int x = 0; x < kHalfCols; ++x) a[x] += f[x][0] * f[x][0] + f[x][1] * f[x][1];
    }
  }
  for (int y = 0; y < kTile; ++y) {
    const float* h = half_power.ptr<float>(y);
    const float* mirror = half_power.ptr<float>((kTile - y) % kTile);
    float* a = acc.ptr<float>(y);
    for (int x = 0; x < kHalfCols; ++x) a[x] = h[x];
    for (int x = kHalfCols; x < kTile; ++x) a[x] = mirror[kTile - x];
  }
  acc /= static_cast<double>(tiles.size());
  cv::log(acc + 1e-2, acc);
  return acc;
}

// Deconvolves `gray` by each of `gains`, one 8-bit image per gain, the
// page's edges reflected over `pad` pixels so that they do not ring.
// Throws std::bad_alloc when FFTW cannot plan (out of memory).
template <class Gain>
void WienerDeconvolve(const cv::Mat& gray, int pad, std::vector<Gain> gains, std::vector<cv::Mat>* out) {
  out->clear();
  cv::Mat padded;
  cv::copyMakeBorder(gray, padded, pad, pad, pad, pad, cv::BORDER_REFLECT);
  const int W = cv::getOptimalDFTSize(padded.cols), H = cv::getOptimalDFTSize(padded.rows);
  cv::copyMakeBorder(padded, padded, 0, H - padded.rows, 0, W - padded.cols, cv::BORDER_REFLECT);
  // The spectrum of the real page as FFTW gives it: frequencies u = 0 ..
  // W / 2 of every row v (the others are their complex conjugates), about
  // half the work of OpenCV's cv::dft on these sizes (82 -> 36 ms forward
  // and back at 1728 x 2400, buffers reused). Transformed once for all the
  // gains; the last gain filters it in place, an earlier one a copy.
  // The buffers are cv::Mats: OpenCV's allocator in the pipeline is the
  // image memory pool (pipeline/core/image_memory.h), which keeps them for
  // the next page instead of faulting fresh memory in. Its buffers, and
  // cv::fastMalloc's, are at least 64-byte aligned, as FFTW's plans (made
  // on fftwf_malloc's arrays) require of the arrays they run on.
  const int half_w = W / 2 + 1;
  cv::Mat real_mat(H, W, CV_32F), spectrum_mat(H, half_w, CV_32FC2), work_mat;
  auto complex_of = [](cv::Mat& m) { return reinterpret_cast<fftwf_complex*>(m.ptr<float>()); };
  float* real = real_mat.ptr<float>();
  fftwf_complex* spectrum = complex_of(spectrum_mat);
  padded.convertTo(real_mat, CV_32F);
  padded.release();
  const Plans::Lease lease = Plans::All().Get(W, H);
  const Plans::Pair& plans = lease.get();
  if (!plans.forward || !plans.inverse) throw std::bad_alloc();
  CV_Assert(fftwf_alignment_of(real) == 0 && fftwf_alignment_of(spectrum_mat.ptr<float>()) == 0);
  fftwf_execute_dft_r2c(plans.forward, real, spectrum);
  // FFTW's inverse is not scaled: 1 / (W H) goes into the gains.
  const float scale = 1.0f / (static_cast<float>(W) * static_cast<float>(H));
  for (size_t gi = 0; gi < gains.size(); ++gi) {
    Gain& gain_at = gains[gi];
    gain_at.SetSize(W, H);
    const bool last = gi + 1 == gains.size();
    if (!last && work_mat.empty()) work_mat.create(H, half_w, CV_32FC2);
    fftwf_complex* filtered = last ? spectrum : complex_of(work_mat);  // each element read, then written
    for (int y = 0; y < H; ++y) {
      const int v = y <= H / 2 ? y : y - H;
      const fftwf_complex* s = spectrum + static_cast<size_t>(y) * half_w;
      fftwf_complex* o = filtered + static_cast<size_t>(y) * half_w;
      for (int u = 0; u < half_w; ++u) {
        // u = W / 2 of an even W is also u = -W / 2: its gain is the mean
        // of the two (as the inverse of the full spectrum filtered with
        // u = +W / 2 alone gives).
        const float g = (W % 2 == 0 && u == W / 2) ? 0.5f * (gain_at(u, v) + gain_at(-u, v)) : gain_at(u, v);
        o[u][0] = s[u][0] * g * scale;
        o[u][1] = s[u][1] * g * scale;
      }
    }
    fftwf_execute_dft_c2r(plans.inverse, filtered, real);
    out->emplace_back();
    real_mat(cv::Rect(pad, pad, gray.cols, gray.rows)).convertTo(out->back(), CV_8U);
  }
}

}  // namespace

MotionBlur EstimateMotionBlur(const cv::Mat& gray, double dpi, double analysis_dpi) {
  MotionBlur result;
  if (gray.empty() || gray.type() != CV_8UC1) return result;
  // The spectrum is read at ~133 dpi, whatever the page's resolution: the
  // thresholds above were set there, and it keeps smears of up to ~20 px
  // at 200 dpi within the lengths searched.
  const double scale = dpi > analysis_dpi * 1.1 ? analysis_dpi / dpi : 1.0;
  const cv::Mat logp = MeanLogSpectrum(gray, scale);
  if (logp.empty()) return result;

  // Noise floor: the mean log power near the Nyquist ring.
  double floor_sum = 0;
  int floor_n = 0;
  for (int v = -kHalf; v < kHalf; ++v) {
    for (int u = -kHalf; u < kHalf; ++u) {
      const double r = std::hypot(u, v);
      if (r > 0.9 * kHalf && r < kHalf) {
        floor_sum += At(logp, u, v);
        ++floor_n;
      }
    }
  }
  const double noise_floor = floor_sum / std::max(1, floor_n);

  // Profiles along each direction: a band 5 samples wide through the origin.
  std::vector<std::vector<double>> profile(kDirections, std::vector<double>(kHalf + 1, noise_floor));
  for (int d = 0; d < kDirections; ++d) {
    const double th = d * kPi / kDirections, c = std::cos(th), s = std::sin(th);
    for (int k = 0; k <= kHalf; ++k) {
      double sum = 0;
      int n = 0;
      for (int w = -2; w <= 2; ++w) {
        const int u = static_cast<int>(std::lround(k * c - w * s));
        const int v = static_cast<int>(std::lround(k * s + w * c));
        if (u < -kHalf || u >= kHalf || v < -kHalf || v >= kHalf) continue;
        sum += At(logp, u, v);
        ++n;
      }
      if (n > 0) profile[d][k] = sum / n;
    }
  }

  constexpr int kFirst = 6, kLast = kHalf * 9 / 10;
  // The model is fitted on the directions whose profile falls furthest
  // below the perpendicular one: a line blur's direction is among them.
  std::vector<std::pair<double, int>> order;
  for (int d = 0; d < kDirections; ++d) {
    double below = 0;
    for (int k = kFirst; k <= kLast; ++k) below += profile[(d + kDirections / 2) % kDirections][k] - profile[d][k];
    order.emplace_back(below, d);
  }
  std::partial_sort(order.begin(), order.begin() + kFittedDirections, order.end(), std::greater<>());
  int best_d = -1;
  for (int i = 0; i < kFittedDirections; ++i) {
    const int d = order[i].second;
    const auto& along = profile[d];
    const auto& across = profile[(d + kDirections / 2) % kDirections];
    std::vector<double> snr(kLast + 1, 0.0), log_snr1(kLast + 1, 0.0), dip(kLast + 1, 0.0);
    double total = 0;
    for (int k = kFirst; k <= kLast; ++k) {
      snr[k] = std::max(0.0, std::exp(across[k] - noise_floor) - 1.0);
      log_snr1[k] = std::log(snr[k] + 1.0);
      dip[k] = along[k] - across[k];
      total += dip[k] * dip[k];
    }
    for (int q = kMinLengthQuarters; q <= kMaxLengthQuarters; ++q) {
      const double len = q / 4.0;
      double sse = 0;
      for (int k = kFirst; k <= kLast; ++k) {
        const double h = SincOfQuarters(q * k);
        const double model = std::max(kModelFloor, std::log(h * h * snr[k] + 1.0) - log_snr1[k]);
        sse += (dip[k] - model) * (dip[k] - model);
      }
      const double gain = total - sse;
      if (gain > result.gain) {
        result.gain = gain;
        result.fit = total > 0 ? 1.0 - sse / total : 0.0;
        result.length_px = len;
        best_d = d;
      }
    }
  }
  if (best_d < 0) return result;
  // The spectrum's direction d is the blur's direction (the dips run across it).
  result.angle_deg = best_d * 180.0 / kDirections;

  // Length from the first zero: the deepest dip near the model's length
  // (not further: the profile's second zero, or a text line pitch, can dip
  // deeper than the first when noise fills the first).
  const auto& along = profile[best_d];
  const auto& across = profile[(best_d + kDirections / 2) % kDirections];
  int kmin = -1;
  double dmin = 0;
  const int k_lo = std::max(4, static_cast<int>(std::floor(kTile / (1.35 * result.length_px))));
  const int k_hi = std::min(kHalf - 1, static_cast<int>(std::ceil(kTile / (0.75 * result.length_px))));
  for (int k = k_lo; k <= k_hi; ++k) {
    const double d = along[k] - across[k];
    if (kmin < 0 || d < dmin) {
      dmin = d;
      kmin = k;
    }
  }
  double offset = 0;
  const double a = along[kmin - 1] - across[kmin - 1], c = along[kmin + 1] - across[kmin + 1];
  const double den = a - 2 * dmin + c;
  if (den > 1e-6) offset = 0.5 * (a - c) / den;
  double k0 = kmin + offset;
  double angle = result.angle_deg;
  result.profile_angle_deg = result.angle_deg;
  result.profile_length_px = kTile / k0 / scale;
  RefineZeroLine(logp, &angle, &k0);
  result.angle_deg = std::fmod(angle + 180.0, 180.0);
  result.length_px = kTile / k0 / scale;
  const bool long_enough = result.length_px * scale >= 3.0;
  result.found = result.gain >= kMinGain && result.fit >= kMinFit && long_enough;
  result.weak = !result.found && result.gain >= kWeakMinGain && result.fit >= kWeakMinFit && long_enough;
  return result;
}

void RemoveMotionBlur(const cv::Mat& gray, const MotionBlur& blur, double nsr, std::vector<cv::Mat>* out) {
  CV_Assert(gray.type() == CV_8UC1);
  out->clear();
  std::vector<MotionBlur> blurs = {blur};
  MotionBlur profile = blur;
  profile.angle_deg = blur.profile_angle_deg;
  profile.length_px = blur.profile_length_px;
  const double dangle = std::abs(std::remainder(profile.angle_deg - blur.angle_deg, 180.0));
  if (profile.length_px * std::sin(dangle * kPi / 180.0) > 0.5 || std::abs(profile.length_px - blur.length_px) > 0.5) {
    blurs.push_back(profile);
  }
  double longest = 0;
  for (const MotionBlur& b : blurs) longest = std::max(longest, b.length_px);
  std::vector<LineGain> gains;
  for (const MotionBlur& b : blurs) gains.emplace_back(b, nsr);
  WienerDeconvolve(gray, static_cast<int>(std::ceil(longest)) + 16, std::move(gains), out);
}

void RemoveFocusBlur(const cv::Mat& gray, double sigma_px, double nsr, cv::Mat* out) {
  CV_Assert(gray.type() == CV_8UC1);
  std::vector<cv::Mat> sharp;
  WienerDeconvolve(gray, static_cast<int>(std::ceil(4 * sigma_px)) + 16, std::vector<GaussianGain>{{sigma_px, nsr}},
                   &sharp);
  *out = std::move(sharp[0]);
}

}  // namespace hoso
