// Codec: zstd compression of one kind of content ('text' = version bodies, 'page' = raw capture bodies) with a
// dictionary the archive trains on its own first documents and keeps in the dictionaries table.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "sqlite.hpp"

typedef struct ZSTD_CCtx_s ZSTD_CCtx;
typedef struct ZSTD_DCtx_s ZSTD_DCtx;
typedef struct ZSTD_CDict_s ZSTD_CDict;
typedef struct ZSTD_DDict_s ZSTD_DDict;

namespace newsarc::archive::detail {

/// Stored codec values (columns body_codec / blobs.codec).
inline constexpr int kCodecRaw = 0;
inline constexpr int kCodecZstd = 1;

/// When a kind trains its dictionary.
struct TrainingPlan {
    std::size_t samples = 1000;              ///< train after this many stored items ...
    std::size_t sample_bytes = 8u << 20;     ///< ... or this many bytes of them, whichever comes first
    std::size_t max_sample_size = 128u << 10;///< larger items are cut to this size for training
    std::size_t dictionary_size = 112u << 10;
};

class Codec {
public:
    Codec(Database& database, std::string kind, int level, TrainingPlan plan);
    Codec(const Codec&) = delete;
    Codec& operator=(const Codec&) = delete;
    ~Codec();

    /// Makes the newest stored dictionary of this kind current (none: collect samples). Drops collected samples.
    void load_current();

    struct Encoded {
        int codec = kCodecRaw;
        std::optional<std::int64_t> dictionary;
        std::string_view data; ///< valid until the next encode
    };
    /// Compresses `raw` with the current dictionary (raw storage when that is not smaller).
    Encoded encode(std::string_view raw);

    /// Decompresses a stored item into `out` (replacing its contents). Throws ArchiveError{corrupt} naming
    /// `what` when the data does not decode to `raw_size` bytes.
    void decode(int codec, std::optional<std::int64_t> dictionary, std::string_view data, std::int64_t raw_size,
                std::string& out, std::string_view what);

    /// While this kind has no dictionary, keeps `raw` (stored in row `row_id`) as a training sample. Returns true
    /// when enough samples are collected to train.
    bool add_sample(std::int64_t row_id, std::string_view raw);

    /// Trains a dictionary from the samples, stores it (inside the caller's transaction) and makes it current.
    /// Returns false, and stops collecting, when zstd cannot train on these samples.
    bool train();

    /// The collected samples' row ids and bytes, for recompressing them after training.
    [[nodiscard]] std::size_t sample_count() const noexcept { return sample_rows_.size(); }
    [[nodiscard]] std::int64_t sample_row(std::size_t index) const { return sample_rows_[index]; }
    [[nodiscard]] std::string_view sample(std::size_t index) const;
    /// False when the sample was cut to max_sample_size (it cannot stand for the stored item).
    [[nodiscard]] bool sample_complete(std::size_t index) const { return sample_complete_[index] != 0; }
    void clear_samples() noexcept;

private:
    ZSTD_DDict* ddict_for(std::int64_t dictionary, std::string_view what);

    Database& database_;
    std::string kind_;
    int level_;
    TrainingPlan plan_;
    ZSTD_CCtx* cctx_ = nullptr;
    ZSTD_DCtx* dctx_ = nullptr;
    ZSTD_CDict* cdict_ = nullptr;
    std::optional<std::int64_t> current_;
    bool collecting_ = false;
    std::string output_;
    std::string sample_bytes_;
    std::vector<std::size_t> sample_offsets_;
    std::vector<std::int64_t> sample_rows_;
    std::vector<std::uint8_t> sample_complete_;
    std::unordered_map<std::int64_t, ZSTD_DDict*> ddicts_;
};

} // namespace newsarc::archive::detail
