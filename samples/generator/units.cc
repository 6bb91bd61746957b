// Administrative-unit list (34 provinces, 3,321 commune-level units in force since 2025-07-01).
#include <fstream>
#include <stdexcept>

#include "samples/generator/samplegen.h"

namespace hoso {
namespace samplegen {

size_t Rng::Weighted(const std::vector<double>& w) {
  double total = 0;
  for (double x : w) total += x;
  double r = Real(0, total);
  for (size_t i = 0; i < w.size(); ++i) {
    if (r < w[i]) return i;
    r -= w[i];
  }
  return w.size() - 1;
}

std::string Rng::Digits(int n) {
  std::string s;
  for (int i = 0; i < n; ++i) s += static_cast<char>('0' + Int(0, 9));
  return s;
}

static const char kCityPrefix[] = "Thành phố ";

std::string Province::shortName() const {
  if (isCity()) return name.substr(sizeof(kCityPrefix) - 1);
  if (name.rfind("Tỉnh ", 0) == 0) return name.substr(std::string("Tỉnh ").size());
  return name;
}

bool Province::isCity() const { return name.rfind(kCityPrefix, 0) == 0; }

std::string Ward::type() const {
  for (const char* t : {"Phường", "Xã", "Đặc khu"}) {
    std::string p = std::string(t) + " ";
    if (name.rfind(p, 0) == 0) return t;
  }
  return "";
}

std::string Ward::base() const {
  std::string t = type();
  return t.empty() ? name : name.substr(t.size() + 1);
}

void Units::Load(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw std::runtime_error("cannot open unit list " + path);
  nlohmann::json all = nlohmann::json::parse(in);
  for (const auto& item : all) {
    if (item.value("type", "") != "table") continue;
    const std::string name = item.value("name", "");
    if (name == "provinces") {
      for (const auto& p : item.at("data")) {
        provinces_.push_back({Nfc(p.at("province_code").get<std::string>()), Nfc(p.at("name").get<std::string>())});
      }
    } else if (name == "wards") {
      for (const auto& w : item.at("data")) {
        Ward ward{Nfc(w.at("ward_code").get<std::string>()), Nfc(w.at("name").get<std::string>()),
                  Nfc(w.at("province_code").get<std::string>())};
        if (ward.type().empty()) continue;
        wards_[ward.province_code].push_back(ward);
      }
    } else if (name == "ward_mappings") {
      for (const auto& m : item.at("data")) {
        const auto text = [&](const char* key) {
          return m.contains(key) && m.at(key).is_string() ? Nfc(m.at(key).get<std::string>()) : std::string();
        };
        const Province old{"", text("old_province_name")};
        const std::string ward = text("old_ward_name");
        if (!ward.empty() && !old.name.empty()) old_wards_.insert({Lower(ward), Lower(old.shortName())});
      }
    }
  }
  if (provinces_.size() < 30 || wards_.empty()) throw std::runtime_error("unit list incomplete: " + path);
  for (size_t i = 0; i < provinces_.size(); ++i) province_index_[provinces_[i].code] = i;
  // Keep only provinces that have wards.
  std::vector<Province> kept;
  for (const auto& p : provinces_)
    if (!wards_[p.code].empty()) kept.push_back(p);
  provinces_ = kept;
  province_index_.clear();
  for (size_t i = 0; i < provinces_.size(); ++i) province_index_[provinces_[i].code] = i;
}

const std::vector<Ward>& Units::wards(const std::string& province_code) const {
  return wards_.at(province_code);
}

const Province& Units::province(const std::string& code) const { return provinces_.at(province_index_.at(code)); }

bool Units::WardInProvince(const std::string& ward_name, const std::string& province_code) const {
  auto it = wards_.find(province_code);
  if (it == wards_.end()) return false;
  std::string key = Lower(ward_name);
  for (const auto& w : it->second)
    if (Lower(w.name) == key) return true;
  return false;
}

bool Units::OldWardInProvince(const std::string& ward_name, const Province& province) const {
  return old_wards_.count({Lower(ward_name), Lower(province.shortName())}) != 0;
}

bool Units::WardExists(const std::string& ward_name) const {
  for (const auto& kv : wards_)
    if (WardInProvince(ward_name, kv.first)) return true;
  return false;
}

}  // namespace samplegen
}  // namespace hoso
