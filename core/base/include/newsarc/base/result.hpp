// Result<T>: a value or an Error, for failures that are expected (bad web input, a missing file, a busy
// database). GCC 12 has no std::expected; this is the small subset newsarc needs.
#pragma once
#include <cstdint>
#include <stdexcept>
#include <string>
#include <utility>
#include <variant>

namespace newsarc {

/// What went wrong, in a form a person can act on: the message names the object (file, line, URL), the
/// expectation and what was found. `code` is a domain-specific enum value (0 never means an error).
struct Error {
    int code = 1;
    std::string message;
};

/// An exception carrying an Error, for failures that abort a whole command or job (a bad config, a damaged
/// database). Thrown rarely; caught once per command, which prints the message and sets the exit code.
class Failure : public std::runtime_error {
public:
    /// Exit codes follow the CLI contract: 1 runtime failure, 2 usage or configuration error.
    enum class Kind : std::uint8_t { runtime = 1, usage = 2 };

    explicit Failure(std::string message, Kind kind = Kind::runtime)
        : std::runtime_error(std::move(message)), kind_(kind) {}
    [[nodiscard]] Kind kind() const noexcept { return kind_; }
    [[nodiscard]] int exit_code() const noexcept { return static_cast<int>(kind_); }

private:
    Kind kind_;
};

/// Builds a usage/config failure (exit code 2).
inline Failure usage_failure(std::string message) {
    return Failure(std::move(message), Failure::Kind::usage);
}

template <typename T>
class [[nodiscard]] Result {
public:
    Result(T value) : state_(std::in_place_index<0>, std::move(value)) {} // NOLINT: implicit by design
    Result(Error error) : state_(std::in_place_index<1>, std::move(error)) {} // NOLINT: implicit by design

    [[nodiscard]] bool has_value() const noexcept { return state_.index() == 0; }
    explicit operator bool() const noexcept { return has_value(); }

    /// The value; throws Failure with the error's message when there is none (a programmer error to rely on).
    T& value() & { check(); return std::get<0>(state_); }
    const T& value() const& { check(); return std::get<0>(state_); }
    T&& value() && { check(); return std::get<0>(std::move(state_)); }
    T* operator->() { return &value(); }
    const T* operator->() const { return &value(); }
    T& operator*() & { return value(); }
    const T& operator*() const& { return value(); }

    /// The error; only valid when has_value() is false.
    [[nodiscard]] const Error& error() const { return std::get<1>(state_); }

private:
    void check() const {
        if (state_.index() != 0) {
            throw Failure(std::get<1>(state_).message);
        }
    }
    std::variant<T, Error> state_;
};

/// Result for operations that yield nothing but may fail.
struct Ok {};
using Status = Result<Ok>;

inline Error make_error(std::string message, int code = 1) {
    return Error{code, std::move(message)};
}

} // namespace newsarc
