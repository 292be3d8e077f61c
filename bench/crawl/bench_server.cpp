// A fast local web for the crawl benchmark: N pages (/p<i>) of about S bytes spread over H listening ports of
// 127.0.0.1 (one "host" each), linked as a 10-ary tree plus cross links, and 1000 wide pages (/w<i>) for the
// frontier-size run, and /links<n> pages of n links for the link-memory run; served by plain blocking sockets, one thread per keep-alive connection. Prints the ports
// on stdout, one per line, then serves until killed.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <iostream>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

namespace {

struct Web {
    std::uint64_t pages = 10000;
    std::size_t page_bytes = 50000;
    std::vector<std::uint16_t> ports;
    std::string filler; // Chinese text repeated, the bulk of each page

    [[nodiscard]] std::string url(std::uint64_t page) const {
        return "http://127.0.0.1:" + std::to_string(ports[page % ports.size()]) + "/p" + std::to_string(page);
    }

    /// /w<i>: one of 1000 "wide" pages, each linking to 1000 distinct URLs (/x...) that are never fetched:
    /// crawling the 1000 wide pages fills a frontier with a million URLs.
    [[nodiscard]] std::string wide_page(std::uint64_t index) const {
        std::string html = "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>wide</title></head><body>\n";
        if (index == 0) {
            for (std::uint64_t other = 1; other < kWidePages; ++other) {
                html += "<a href=\"/w" + std::to_string(other) + "\">w</a>\n";
            }
        }
        for (std::uint64_t link = 0; link < kWideLinks; ++link) {
            html += "<a href=\"/x" + std::to_string(index * kWideLinks + link) + "\">x</a>\n";
        }
        return html + "</body></html>\n";
    }

    /// /links<n>: one page of n distinct links (/y...), for the memory a page's links cost a crawl.
    [[nodiscard]] static std::string links_page(std::uint64_t count) {
        std::string html = "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>links</title></head><body>\n";
        for (std::uint64_t link = 0; link < count; ++link) {
            html += "<a href=\"/y" + std::to_string(link) + "\">y</a>\n";
        }
        return html + "</body></html>\n";
    }

    static constexpr std::uint64_t kWidePages = 1000;
    static constexpr std::uint64_t kWideLinks = 1000;

    [[nodiscard]] std::string page(std::uint64_t index) const {
        std::string html = "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>第" + std::to_string(index) +
                           "页 新闻</title></head><body><h1>新闻 " + std::to_string(index) + "</h1><ul>\n";
        for (std::uint64_t child = index * 10 + 1; child <= index * 10 + 10 && child < pages; ++child) {
            html += "<li><a href=\"" + url(child) + "\">文章 " + std::to_string(child) + "</a></li>\n";
        }
        for (std::uint64_t k = 1; k <= 3; ++k) {
            const std::uint64_t other = (index * 7919 + k * 104729) % pages;
            html += "<li><a href=\"" + url(other) + "#c\">相关 " + std::to_string(other) + "</a></li>\n";
        }
        html += "</ul><div class=\"content\">";
        const std::size_t room = page_bytes > html.size() + 40 ? page_bytes - html.size() - 40 : 0;
        // Whole paragraphs only: a cut inside a character would make the page invalid UTF-8.
        const std::size_t cut = filler.rfind("</p>\n", std::min(room, filler.size()));
        html.append(filler, 0, cut == std::string::npos ? 0 : cut + 5);
        html += "</div></body></html>\n";
        return html;
    }
};

void send_all(int fd, std::string_view data) {
    while (!data.empty()) {
        const ssize_t sent = ::send(fd, data.data(), data.size(), MSG_NOSIGNAL);
        if (sent <= 0) {
            return;
        }
        data.remove_prefix(static_cast<std::size_t>(sent));
    }
}

void serve(int fd, const Web& web) {
    int one = 1;
    ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    std::string buffer;
    char chunk[16384];
    for (;;) {
        std::size_t end;
        while ((end = buffer.find("\r\n\r\n")) == std::string::npos) {
            const ssize_t got = ::recv(fd, chunk, sizeof chunk, 0);
            if (got <= 0) {
                ::close(fd);
                return;
            }
            buffer.append(chunk, static_cast<std::size_t>(got));
        }
        const std::string head = buffer.substr(0, end);
        buffer.erase(0, end + 4);
        const auto first_space = head.find(' ');
        const auto second_space = head.find(' ', first_space + 1);
        std::string target = head.substr(first_space + 1, second_space - first_space - 1);
        std::string body;
        int status = 404;
        if (target.compare(0, 6, "/links") == 0) {
            char* parse_end = nullptr;
            const std::uint64_t count = std::strtoull(target.c_str() + 6, &parse_end, 10);
            if (*parse_end == '\0' && count <= 10'000'000) {
                status = 200;
                body = Web::links_page(count);
            }
        } else if (target.size() > 2 && (target.compare(0, 2, "/p") == 0 || target.compare(0, 2, "/w") == 0)) {
            char* parse_end = nullptr;
            const std::uint64_t index = std::strtoull(target.c_str() + 2, &parse_end, 10);
            if (*parse_end == '\0' && target[1] == 'p' && index < web.pages) {
                status = 200;
                body = web.page(index);
            } else if (*parse_end == '\0' && target[1] == 'w' && index < Web::kWidePages) {
                status = 200;
                body = web.wide_page(index);
            }
        }
        const bool close = head.find("Connection: close") != std::string::npos;
        std::string reply = status == 200 ? "HTTP/1.1 200 OK\r\n" : "HTTP/1.1 404 Not Found\r\n";
        reply += "Content-Type: text/html; charset=utf-8\r\nContent-Length: " + std::to_string(body.size()) + "\r\n";
        reply += close ? "Connection: close\r\n\r\n" : "\r\n";
        reply += body;
        send_all(fd, reply);
        if (close) {
            ::close(fd);
            return;
        }
    }
}

int listen_on_any_port(std::uint16_t& port) {
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    address.sin_port = 0;
    if (fd < 0 || ::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 || ::listen(fd, 1024) != 0) {
        std::perror("bench_server: listen");
        std::exit(1);
    }
    socklen_t length = sizeof address;
    ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length);
    port = ntohs(address.sin_port);
    return fd;
}

} // namespace

int main(int argc, char** argv) {
    Web web;
    std::size_t hosts = 5;
    for (int i = 1; i + 1 < argc; i += 2) {
        const std::string flag = argv[i];
        const char* value = argv[i + 1];
        if (flag == "--pages") {
            web.pages = std::strtoull(value, nullptr, 10);
        } else if (flag == "--page-bytes") {
            web.page_bytes = std::strtoull(value, nullptr, 10);
        } else if (flag == "--hosts") {
            hosts = std::strtoull(value, nullptr, 10);
        } else {
            std::cerr << "usage: bench_server [--pages N] [--page-bytes S] [--hosts H]\n";
            return 2;
        }
    }
    const std::string paragraph =
        "<p>人工智能产业在过去一年里发展迅速，大模型、算力芯片与数据要素成为各地政策的关注重点。"
        "多家科技公司发布了新的产品和服务，行业竞争日趋激烈，资本市场也对相关企业给予了更高的估值。</p>\n";
    while (web.filler.size() < web.page_bytes) {
        web.filler += paragraph;
    }
    std::vector<int> listeners;
    for (std::size_t i = 0; i < hosts; ++i) {
        std::uint16_t port = 0;
        listeners.push_back(listen_on_any_port(port));
        web.ports.push_back(port);
    }
    for (const auto port : web.ports) {
        std::cout << port << "\n";
    }
    std::cout.flush();
    std::vector<std::thread> acceptors;
    for (const int listener : listeners) {
        acceptors.emplace_back([listener, &web] {
            for (;;) {
                const int fd = ::accept4(listener, nullptr, nullptr, SOCK_CLOEXEC);
                if (fd >= 0) {
                    std::thread(serve, fd, std::cref(web)).detach();
                }
            }
        });
    }
    for (auto& thread : acceptors) {
        thread.join();
    }
}
