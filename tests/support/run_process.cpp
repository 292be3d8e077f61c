// run_process: fork/exec with stdout and stderr captured through temporary files (no pipe deadlock).
#include "support/run_process.hpp"

#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "support/paths.hpp"

namespace newsarc::test {
namespace {

std::string slurp(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream buffer;
    buffer << in.rdbuf();
    return buffer.str();
}

} // namespace

ProcessResult run_process(const std::filesystem::path& program, const std::vector<std::string>& args,
                          const std::filesystem::path& working_dir) {
    char out_name[] = "/tmp/newsarc-out-XXXXXX";
    char err_name[] = "/tmp/newsarc-err-XXXXXX";
    const int out_fd = ::mkstemp(out_name);
    const int err_fd = ::mkstemp(err_name);
    if (out_fd < 0 || err_fd < 0) {
        throw std::runtime_error("run_process: mkstemp failed");
    }
    std::vector<std::string> argv_storage;
    argv_storage.push_back(program.string());
    argv_storage.insert(argv_storage.end(), args.begin(), args.end());
    std::vector<char*> argv;
    for (auto& arg : argv_storage) {
        argv.push_back(arg.data());
    }
    argv.push_back(nullptr);

    const pid_t pid = ::fork();
    if (pid < 0) {
        throw std::runtime_error("run_process: fork failed");
    }
    if (pid == 0) {
        ::dup2(out_fd, STDOUT_FILENO);
        ::dup2(err_fd, STDERR_FILENO);
        const int null_fd = ::open("/dev/null", O_RDONLY);
        ::dup2(null_fd, STDIN_FILENO);
        if (!working_dir.empty() && ::chdir(working_dir.c_str()) != 0) {
            ::_exit(127);
        }
        ::execv(argv[0], argv.data());
        ::_exit(127);
    }
    int status = 0;
    ::waitpid(pid, &status, 0);
    ::close(out_fd);
    ::close(err_fd);
    ProcessResult result;
    result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    result.out = slurp(out_name);
    result.err = slurp(err_name);
    std::remove(out_name);
    std::remove(err_name);
    return result;
}

ProcessResult run_cli(const std::vector<std::string>& args, const std::filesystem::path& working_dir) {
    return run_process(cli_path(), args, working_dir);
}

} // namespace newsarc::test
