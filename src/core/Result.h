// core: the error type every user-caused failure travels in, and Result<T> to carry it.
// Bugs are asserts; anything a file or a user can cause comes back as an Error with a message.
#pragma once

#include <string>
#include <utility>
#include <variant>

namespace core {

enum class ErrorKind {
    Usage,     // the caller asked for something impossible (a bad option or parameter)
    BadInput,  // a file is missing, malformed or unsupported
    Internal,  // something failed that the user could not have caused (GL, out of memory)
    Cancelled, // the user stopped it (core/TaskProgress.h); nothing was written
};

struct Error {
    ErrorKind kind = ErrorKind::BadInput;
    std::string message; // names the file and the problem, ready to show to the user
};

inline Error badInput(std::string message) {
    return {ErrorKind::BadInput, std::move(message)};
}
inline Error usageError(std::string message) {
    return {ErrorKind::Usage, std::move(message)};
}
inline Error internalError(std::string message) {
    return {ErrorKind::Internal, std::move(message)};
}

template <typename T> class [[nodiscard]] Result {
public:
    Result(T value) : m_state(std::move(value)) {}
    Result(Error error) : m_state(std::move(error)) {}

    bool ok() const { return std::holds_alternative<T>(m_state); }
    explicit operator bool() const { return ok(); }

    T& value() & { return std::get<T>(m_state); }
    const T& value() const& { return std::get<T>(m_state); }
    T&& value() && { return std::get<T>(std::move(m_state)); }
    T* operator->() { return &value(); }
    const T* operator->() const { return &value(); }
    T& operator*() & { return value(); }
    const T& operator*() const& { return value(); }

    const Error& error() const { return std::get<Error>(m_state); }

private:
    std::variant<T, Error> m_state;
};

// For operations that return nothing but can fail.
struct Ok {};
using Status = Result<Ok>;

} // namespace core
