// Nuxt 3 page state (<script id="__NUXT_DATA__">) is written in devalue's format: one flat JSON array whose objects
// and arrays hold indices into it. This resolves it into plain JSON, within fixed depth and size limits.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace newsarc::sdk {

/// Resolves a Nuxt 3 payload (devalue: a flat array in which objects and arrays hold indices) into plain JSON.
class DevalueResolver {
public:
    explicit DevalueResolver(const nlohmann::json& payload) : payload_(payload) {}

    nlohmann::json resolve(const nlohmann::json& index, int depth = 0) const {
        // Indices may be shared, so a hostile payload could expand exponentially: depth and size are capped.
        if (!index.is_number_integer() || depth > kMaxDepth || budget_ == 0) {
            return nullptr;
        }
        --budget_;
        const std::int64_t at = index.get<std::int64_t>();
        if (at < 0 || static_cast<std::size_t>(at) >= payload_.size()) {
            return nullptr; // negative indices stand for undefined, NaN and the like
        }
        const nlohmann::json& value = payload_[static_cast<std::size_t>(at)];
        if (value.is_object()) {
            nlohmann::json out = nlohmann::json::object();
            for (const auto& [key, child] : value.items()) {
                out[key] = resolve(child, depth + 1);
            }
            return out;
        }
        if (value.is_array()) {
            if (!value.empty() && value[0].is_string()) {
                return resolve_typed(value, depth);
            }
            nlohmann::json out = nlohmann::json::array();
            for (const nlohmann::json& child : value) {
                out.push_back(resolve(child, depth + 1));
            }
            return out;
        }
        return value;
    }

    /// The first object in the payload with a key starting with `prefix`, that key's value resolved.
    std::optional<nlohmann::json> find_keyed(std::string_view prefix) const {
        for (const nlohmann::json& value : payload_) {
            if (!value.is_object()) {
                continue;
            }
            for (const auto& [key, child] : value.items()) {
                if (std::string_view(key).starts_with(prefix)) {
                    return resolve(child);
                }
            }
        }
        return std::nullopt;
    }

private:
    static constexpr int kMaxDepth = 48;
    static constexpr std::size_t kMaxNodes = 200000;

    // ["Reactive", i], ["ShallowReactive", i], ["Ref", i], ["Set", i...], ["Date", "…"], ["null", k, v...].
    nlohmann::json resolve_typed(const nlohmann::json& value, int depth) const {
        const std::string type = value[0].get<std::string>();
        if (type == "Set") {
            nlohmann::json out = nlohmann::json::array();
            for (std::size_t i = 1; i < value.size(); ++i) {
                out.push_back(resolve(value[i], depth + 1));
            }
            return out;
        }
        if (type == "Date" && value.size() > 1) {
            return value[1];
        }
        if ((type == "null" || type == "Map") && value.size() % 2 == 1) {
            nlohmann::json out = nlohmann::json::object();
            for (std::size_t i = 1; i + 1 < value.size(); i += 2) {
                const nlohmann::json key = type == "Map" ? resolve(value[i], depth + 1) : value[i];
                if (key.is_string()) {
                    out[key.get<std::string>()] = resolve(value[i + 1], depth + 1);
                }
            }
            return out;
        }
        if (value.size() == 2) {
            return resolve(value[1], depth + 1); // Reactive, ShallowReactive, Ref, ShallowRef, …
        }
        return nullptr;
    }

    const nlohmann::json& payload_;
    mutable std::size_t budget_ = kMaxNodes;
};

} // namespace newsarc::sdk
