// What the serve tests share: a program started in the background and stopped by its pid, an HTTP client over
// libcurl that sends a target exactly as written, and a small archive of known documents.
#pragma once
#include <sys/types.h>

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace newsarc::test {

/// A child process (argv, no shell) with stdout and stderr going to files; SIGTERM and reaped on stop() or
/// destruction.
class BackgroundProcess {
public:
    BackgroundProcess(const std::filesystem::path& program, const std::vector<std::string>& args,
                      const std::filesystem::path& output_dir);
    ~BackgroundProcess();
    BackgroundProcess(const BackgroundProcess&) = delete;
    BackgroundProcess& operator=(const BackgroundProcess&) = delete;

    /// Waits until `file` exists and is not empty (e.g. a --port-file), or the child ended, or `timeout` passed;
    /// returns the file's text ("" when it did not appear).
    std::string wait_for_file(const std::filesystem::path& file, std::chrono::milliseconds timeout);
    /// SIGTERM, then waits; returns the exit status (128 + signal when killed; after 20 s it is SIGKILLed).
    int stop();
    [[nodiscard]] bool running();
    [[nodiscard]] std::string out() const;
    [[nodiscard]] std::string err() const;
    [[nodiscard]] pid_t pid() const noexcept { return pid_; }

private:
    pid_t pid_ = -1;
    int status_ = -1;
    std::filesystem::path out_;
    std::filesystem::path err_;
};

/// `newsarc --db ARCHIVE serve --port 0` in the background, and the port it listens on.
struct ServeProcess {
    ServeProcess(const std::filesystem::path& archive, const std::filesystem::path& dir,
                 const std::vector<std::string>& extra = {});
    std::uint16_t port = 0;
    BackgroundProcess process;
};

struct HttpAnswer {
    long status = 0;
    std::map<std::string, std::string> headers; ///< lower-case names, the last value of each
    std::string body;
    std::string error; ///< curl's message when no answer came

    /// The header `name` (lower case), "" when absent.
    [[nodiscard]] std::string header(const std::string& name) const {
        const auto found = headers.find(name);
        return found == headers.end() ? std::string() : found->second;
    }
};

/// A request to 127.0.0.1:`port` with `target` sent exactly as written (no dot-segment folding). `host` replaces
/// the Host header when given; `method` and `body` make it a POST or the like.
HttpAnswer http_request(std::uint16_t port, const std::string& target, const std::string& host = {},
                        const std::string& method = "GET", const std::string& body = {},
                        const std::vector<std::string>& extra_headers = {});

/// The documents of make_small_archive.
struct SmallArchive {
    std::string script_doc;   ///< title "<script>alert(1)</script> 标题 & \"quotes\"", one version
    std::string edited_doc;   ///< two versions; v2 adds kAddedSentence to the first paragraph; one capture
    std::string gone_doc;     ///< marked gone
    std::int64_t capture_id = 0; ///< the edited document's capture (an HTML page holding a <script>)
};
inline constexpr const char* kAddedSentence = "第二版新增了这一句。";

/// Writes an archive of a few documents at `path` through the archive API (read-write, then closed).
SmallArchive make_small_archive(const std::filesystem::path& path);

} // namespace newsarc::test
