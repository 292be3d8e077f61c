// zstd with archive-trained dictionaries: compression contexts and dictionaries are created once and reused.
#include "codec.hpp"

#include <chrono>

#define ZDICT_STATIC_LINKING_ONLY
#include <zdict.h>
#include <zstd.h>

namespace newsarc::archive::detail {

Codec::Codec(Database& database, std::string kind, int level, TrainingPlan plan)
    : database_(database), kind_(std::move(kind)), level_(level), plan_(plan), cctx_(ZSTD_createCCtx()),
      dctx_(ZSTD_createDCtx()) {
    if (cctx_ == nullptr || dctx_ == nullptr) {
        ZSTD_freeCCtx(cctx_);
        ZSTD_freeDCtx(dctx_);
        throw std::bad_alloc();
    }
    // The sizes are stored in their own columns: frames need no size, checksum or dictionary id.
    ZSTD_CCtx_setParameter(cctx_, ZSTD_c_contentSizeFlag, 0);
    ZSTD_CCtx_setParameter(cctx_, ZSTD_c_checksumFlag, 0);
    ZSTD_CCtx_setParameter(cctx_, ZSTD_c_dictIDFlag, 0);
    ZSTD_CCtx_setParameter(cctx_, ZSTD_c_compressionLevel, level_);
}

Codec::~Codec() {
    ZSTD_freeCDict(cdict_);
    for (auto& [id, ddict] : ddicts_) {
        ZSTD_freeDDict(ddict);
    }
    ZSTD_freeCCtx(cctx_);
    ZSTD_freeDCtx(dctx_);
}

void Codec::load_current() {
    clear_samples();
    ZSTD_freeCDict(cdict_);
    cdict_ = nullptr;
    current_.reset();
    auto query = database_.cached("SELECT id, data FROM dictionaries WHERE kind = ?1 ORDER BY id DESC LIMIT 1");
    query->bind(1, std::string_view(kind_));
    if (query->step()) {
        const std::string_view data = query->blob(1);
        cdict_ = ZSTD_createCDict(data.data(), data.size(), level_);
        if (cdict_ == nullptr) {
            throw ArchiveError(ArchiveErrc::corrupt, "archive '" + database_.path().string() + "': the " + kind_ +
                                                         " dictionary " + std::to_string(query->int64(0)) +
                                                         " is damaged - restore the file from a backup");
        }
        current_ = query->int64(0);
    }
    collecting_ = !current_.has_value();
}

Codec::Encoded Codec::encode(std::string_view raw) {
    // Pages up to this size are compressed in one call into a buffer of the worst-case size; larger ones in
    // pieces into a buffer that grows with what zstd writes: a page of many megabytes (a link farm, a data dump)
    // would otherwise cost a buffer of its own size, kept for the rest of the crawl.
    constexpr std::size_t kOneShotBytes = 1 << 20;
    if (output_.capacity() > 2 * ZSTD_compressBound(kOneShotBytes)) {
        std::string().swap(output_); // a large page's buffer is not kept for the pages after it
    }
    ZSTD_CCtx_reset(cctx_, ZSTD_reset_session_only);
    ZSTD_CCtx_refCDict(cctx_, cdict_);
    if (raw.size() <= kOneShotBytes) {
        output_.resize(ZSTD_compressBound(raw.size()));
        const std::size_t size = ZSTD_compress2(cctx_, output_.data(), output_.size(), raw.data(), raw.size());
        if (ZSTD_isError(size) || size >= raw.size()) {
            return Encoded{kCodecRaw, std::nullopt, raw};
        }
        return Encoded{kCodecZstd, current_, std::string_view(output_.data(), size)};
    }
    ZSTD_CCtx_setPledgedSrcSize(cctx_, raw.size()); // the same parameters as the one-shot call
    constexpr std::size_t kPiece = 256 * 1024;
    output_.clear();
    ZSTD_inBuffer in{raw.data(), raw.size(), 0};
    std::size_t used = 0;
    for (;;) {
        output_.resize(used + kPiece);
        ZSTD_outBuffer out{output_.data(), output_.size(), used};
        const std::size_t left = ZSTD_compressStream2(cctx_, &out, &in, ZSTD_e_end);
        used = out.pos;
        if (ZSTD_isError(left) || used >= raw.size()) {
            ZSTD_CCtx_reset(cctx_, ZSTD_reset_session_only);
            return Encoded{kCodecRaw, std::nullopt, raw}; // no gain: stored as it is
        }
        if (left == 0) {
            return Encoded{kCodecZstd, current_, std::string_view(output_.data(), used)};
        }
    }
}

ZSTD_DDict* Codec::ddict_for(std::int64_t dictionary, std::string_view what) {
    const auto found = ddicts_.find(dictionary);
    if (found != ddicts_.end()) {
        return found->second;
    }
    auto query = database_.cached("SELECT data FROM dictionaries WHERE id = ?1");
    query->bind(1, dictionary);
    ZSTD_DDict* ddict = nullptr;
    if (query->step()) {
        const std::string_view data = query->blob(0);
        ddict = ZSTD_createDDict(data.data(), data.size());
    }
    if (ddict == nullptr) {
        throw ArchiveError(ArchiveErrc::corrupt, "archive '" + database_.path().string() + "': " + std::string(what) +
                                                     " needs dictionary " + std::to_string(dictionary) +
                                                     ", which is missing or damaged - restore the file from a backup");
    }
    ddicts_.emplace(dictionary, ddict);
    return ddict;
}

void Codec::decode(int codec, std::optional<std::int64_t> dictionary, std::string_view data, std::int64_t raw_size,
                   std::string& out, std::string_view what) {
    const auto damaged = [&](const std::string& detail) {
        return ArchiveError(ArchiveErrc::corrupt, "archive '" + database_.path().string() + "': " +
                                                      std::string(what) + " is damaged (" + detail +
                                                      ") - restore the file from a backup");
    };
    if (codec == kCodecRaw) {
        if (static_cast<std::int64_t>(data.size()) != raw_size) {
            throw damaged("stored " + std::to_string(data.size()) + " bytes, expected " + std::to_string(raw_size));
        }
        out.assign(data);
        return;
    }
    if (codec != kCodecZstd || raw_size < 0) {
        throw damaged("unknown codec " + std::to_string(codec));
    }
    out.resize(static_cast<std::size_t>(raw_size));
    std::size_t size = 0;
    if (dictionary) {
        size = ZSTD_decompress_usingDDict(dctx_, out.data(), out.size(), data.data(), data.size(),
                                          ddict_for(*dictionary, what));
    } else {
        size = ZSTD_decompressDCtx(dctx_, out.data(), out.size(), data.data(), data.size());
    }
    if (ZSTD_isError(size)) {
        throw damaged(std::string("zstd: ") + ZSTD_getErrorName(size));
    }
    if (static_cast<std::int64_t>(size) != raw_size) {
        throw damaged("decoded " + std::to_string(size) + " bytes, expected " + std::to_string(raw_size));
    }
}

bool Codec::add_sample(std::int64_t row_id, std::string_view raw) {
    if (!collecting_ || raw.empty()) {
        return false;
    }
    sample_offsets_.push_back(sample_bytes_.size());
    sample_bytes_.append(raw.substr(0, plan_.max_sample_size));
    sample_rows_.push_back(row_id);
    sample_complete_.push_back(raw.size() <= plan_.max_sample_size ? 1 : 0);
    return sample_rows_.size() >= plan_.samples || sample_bytes_.size() >= plan_.sample_bytes;
}

std::string_view Codec::sample(std::size_t index) const {
    const std::size_t end = index + 1 < sample_offsets_.size() ? sample_offsets_[index + 1] : sample_bytes_.size();
    return std::string_view(sample_bytes_).substr(sample_offsets_[index], end - sample_offsets_[index]);
}

bool Codec::train() {
    collecting_ = false;
    std::vector<std::size_t> sizes;
    sizes.reserve(sample_offsets_.size());
    for (std::size_t i = 0; i < sample_offsets_.size(); ++i) {
        sizes.push_back(sample(i).size());
    }
    std::string dictionary(plan_.dictionary_size, '\0');
    ZDICT_fastCover_params_t params{};
    params.d = 8;
    params.k = 1000;
    params.f = 20;
    params.steps = 0;
    params.accel = 1;
    params.zParams.compressionLevel = level_;
    const std::size_t size = ZDICT_trainFromBuffer_fastCover(dictionary.data(), dictionary.size(),
                                                             sample_bytes_.data(), sizes.data(),
                                                             static_cast<unsigned>(sizes.size()), params);
    if (ZDICT_isError(size)) {
        return false;
    }
    dictionary.resize(size);
    ZSTD_CDict* cdict = ZSTD_createCDict(dictionary.data(), dictionary.size(), level_);
    if (cdict == nullptr) {
        return false;
    }
    auto insert = database_.cached("INSERT INTO dictionaries(kind, data, created_at) VALUES(?1, ?2, ?3)");
    const auto now = std::chrono::duration_cast<std::chrono::milliseconds>(
                         std::chrono::system_clock::now().time_since_epoch())
                         .count();
    insert->bind(1, std::string_view(kind_)).bind_blob(2, dictionary).bind(3, static_cast<std::int64_t>(now));
    try {
        insert->run();
    } catch (...) {
        ZSTD_freeCDict(cdict);
        throw;
    }
    ZSTD_freeCDict(cdict_);
    cdict_ = cdict;
    current_ = database_.last_insert_rowid();
    return true;
}

void Codec::clear_samples() noexcept {
    sample_bytes_.clear();
    sample_bytes_.shrink_to_fit();
    sample_offsets_.clear();
    sample_rows_.clear();
    sample_complete_.clear();
}

} // namespace newsarc::archive::detail
