// The serve tests' shared helpers (serve_support.hpp).
#include "serve_support.hpp"

#include <curl/curl.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fstream>
#include <sstream>
#include <stdexcept>
#include <thread>

#include "newsarc/archive/store.hpp"
#include "newsarc/base/ids.hpp"
#include "support/paths.hpp"

namespace newsarc::test {
namespace {

std::string slurp(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

std::size_t collect(char* data, std::size_t size, std::size_t count, void* user) {
    static_cast<std::string*>(user)->append(data, size * count);
    return size * count;
}

std::size_t collect_header(char* data, std::size_t size, std::size_t count, void* user) {
    auto& headers = *static_cast<std::map<std::string, std::string>*>(user);
    const std::string line(data, size * count);
    const std::size_t colon = line.find(':');
    if (colon != std::string::npos) {
        std::string name = line.substr(0, colon);
        for (char& c : name) {
            c = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
        }
        std::string value = line.substr(colon + 1);
        value.erase(0, value.find_first_not_of(' '));
        value.erase(value.find_last_not_of("\r\n") + 1);
        headers[name] = value;
    }
    return size * count;
}

} // namespace

BackgroundProcess::BackgroundProcess(const std::filesystem::path& program, const std::vector<std::string>& args,
                                     const std::filesystem::path& output_dir) {
    static int serial = 0;
    ++serial;
    out_ = output_dir / ("process-" + std::to_string(serial) + ".out");
    err_ = output_dir / ("process-" + std::to_string(serial) + ".err");
    std::vector<std::string> storage{program.string()};
    storage.insert(storage.end(), args.begin(), args.end());
    std::vector<char*> argv;
    for (auto& arg : storage) {
        argv.push_back(arg.data());
    }
    argv.push_back(nullptr);
    const int out_fd = ::open(out_.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    const int err_fd = ::open(err_.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    pid_ = ::fork();
    if (pid_ < 0) {
        throw std::runtime_error("BackgroundProcess: fork failed");
    }
    if (pid_ == 0) {
        ::dup2(out_fd, STDOUT_FILENO);
        ::dup2(err_fd, STDERR_FILENO);
        const int null_fd = ::open("/dev/null", O_RDONLY);
        ::dup2(null_fd, STDIN_FILENO);
        ::execv(argv[0], argv.data());
        ::_exit(127);
    }
    ::close(out_fd);
    ::close(err_fd);
}

BackgroundProcess::~BackgroundProcess() {
    stop();
}

bool BackgroundProcess::running() {
    if (status_ >= 0) {
        return false;
    }
    int status = 0;
    if (::waitpid(pid_, &status, WNOHANG) == pid_) {
        status_ = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
        return false;
    }
    return true;
}

std::string BackgroundProcess::wait_for_file(const std::filesystem::path& file, std::chrono::milliseconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (std::chrono::steady_clock::now() < deadline && running()) {
        std::error_code error;
        if (std::filesystem::file_size(file, error) > 0 && !error) {
            const std::string text = slurp(file);
            if (text.find('\n') != std::string::npos) {
                return text;
            }
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    return {};
}

int BackgroundProcess::stop() {
    if (pid_ <= 0 || !running()) {
        return status_;
    }
    ::kill(pid_, SIGTERM);
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    while (running() && std::chrono::steady_clock::now() < deadline) {
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    if (running()) {
        ::kill(pid_, SIGKILL);
        int status = 0;
        ::waitpid(pid_, &status, 0);
        status_ = 128 + SIGKILL;
    }
    return status_;
}

std::string BackgroundProcess::out() const {
    return slurp(out_);
}

std::string BackgroundProcess::err() const {
    return slurp(err_);
}

ServeProcess::ServeProcess(const std::filesystem::path& archive, const std::filesystem::path& dir,
                           const std::vector<std::string>& extra)
    : process(cli_path(),
              [&] {
                  std::vector<std::string> args = {"--db", archive.string(), "serve", "--port", "0", "--port-file",
                                                   (dir / "serve.port").string()};
                  args.insert(args.end(), extra.begin(), extra.end());
                  return args;
              }(),
              dir) {
    const std::string text = process.wait_for_file(dir / "serve.port", std::chrono::seconds(20));
    port = text.empty() ? 0 : static_cast<std::uint16_t>(std::stoi(text));
}

HttpAnswer http_request(std::uint16_t port, const std::string& target, const std::string& host,
                        const std::string& method, const std::string& body,
                        const std::vector<std::string>& extra_headers) {
    HttpAnswer answer;
    CURL* curl = curl_easy_init();
    const std::string url = "http://127.0.0.1:" + std::to_string(port) + target;
    curl_slist* headers = nullptr;
    if (!host.empty()) {
        headers = curl_slist_append(headers, ("Host: " + host).c_str());
    }
    for (const auto& header : extra_headers) {
        headers = curl_slist_append(headers, header.c_str());
    }
    curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
    curl_easy_setopt(curl, CURLOPT_PATH_AS_IS, 1L);
    curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
    curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, collect);
    curl_easy_setopt(curl, CURLOPT_WRITEDATA, &answer.body);
    curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, collect_header);
    curl_easy_setopt(curl, CURLOPT_HEADERDATA, &answer.headers);
    curl_easy_setopt(curl, CURLOPT_TIMEOUT, 30L);
    if (method == "HEAD") {
        curl_easy_setopt(curl, CURLOPT_NOBODY, 1L);
    } else if (method != "GET") {
        curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, method.c_str());
    }
    if (!body.empty()) {
        curl_easy_setopt(curl, CURLOPT_POSTFIELDS, body.c_str());
    }
    const CURLcode code = curl_easy_perform(curl);
    if (code != CURLE_OK) {
        answer.error = curl_easy_strerror(code);
    }
    curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &answer.status);
    curl_slist_free_all(headers);
    curl_easy_cleanup(curl);
    return answer;
}

SmallArchive make_small_archive(const std::filesystem::path& path) {
    using namespace newsarc::archive;
    SmallArchive made;
    Store store = Store::open(path, OpenMode::read_write);
    const auto add = [&](const std::string& url, const std::string& site, const std::string& title,
                         const std::string& body, const std::string& published) {
        const std::string id = doc_id_for_url(url);
        store.ensure_document(id, url, site);
        VersionInput version;
        version.doc_id = id;
        version.title = title;
        version.source = site;
        version.published_at = published;
        version.body = body;
        version.plugin = "test";
        version.topic_score = 7.5;
        version.created_at = parse_time(published);
        store.put_version(version);
        return id;
    };
    made.script_doc = add("https://a.example/1", "alpha", "<script>alert(1)</script> 标题 & \"quotes\"",
                          "正文第一段。\n\n<img src=x onerror=alert(2)> 第二段。", "2024-05-01T08:00:00+08:00");
    made.gone_doc = add("https://b.example/2", "beta", "已删除的文章", "这篇文章后来被删除了。",
                        "2024-05-02T09:00:00+08:00");
    store.mark_gone(made.gone_doc, *parse_time("2024-05-10T00:00:00+08:00"));

    const std::string url = "https://a.example/3";
    made.edited_doc = doc_id_for_url(url);
    store.ensure_document(made.edited_doc, url, "alpha");
    CaptureInput capture;
    capture.doc_id = made.edited_doc;
    capture.url = url;
    capture.http_status = 200;
    capture.content_type = "text/html; charset=utf-8";
    const std::string page = "<html><body><h1>大模型</h1><script>document.title='ran'</script></body></html>";
    capture.body = page;
    made.capture_id = store.put_capture(capture);
    VersionInput version;
    version.doc_id = made.edited_doc;
    version.title = "大模型价格战";
    version.source = "alpha";
    version.published_at = "2024-06-12T18:05:00+08:00";
    version.body = "五月以来，大模型厂商纷纷降价。\n\n第二段没有变化。";
    version.capture_id = made.capture_id;
    version.plugin = "test";
    version.created_at = parse_time("2024-06-12T20:00:00+08:00");
    store.put_version(version);
    store.create_snapshot("first", parse_time("2024-06-12T21:00:00+08:00"));
    const std::string second_body = std::string("五月以来，大模型厂商纷纷降价。") + kAddedSentence + "\n\n第二段没有变化。";
    version.body = second_body;
    version.created_at = parse_time("2024-06-13T08:00:00+08:00");
    store.put_version(version);
    store.create_snapshot("second");
    return made;
}

} // namespace newsarc::test
