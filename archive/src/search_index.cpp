// Keeping the contentless FTS5 search index in step with each document's latest version.
#include "search_index.hpp"

namespace newsarc::archive::detail {

std::string indexed_text(std::string_view text) {
    std::string out;
    out.reserve(text.size() + 2);
    out.append(text);
    out.append("\n\n");
    return out;
}

void index_document(Store::Impl& impl, std::int64_t document, std::string_view title, std::string_view body) {
    const std::string indexed_title = indexed_text(title);
    const std::string indexed_body = indexed_text(body);
    auto insert = impl.database.cached("INSERT INTO search_index(rowid, title, body) VALUES(?1, ?2, ?3)");
    insert->bind(1, document).bind(2, std::string_view(indexed_title)).bind(3, std::string_view(indexed_body));
    insert->run();
}

void unindex_document(Store::Impl& impl, std::int64_t document, std::string_view title, std::string_view body) {
    const std::string indexed_title = indexed_text(title);
    const std::string indexed_body = indexed_text(body);
    auto remove = impl.database.cached(
        "INSERT INTO search_index(search_index, rowid, title, body) VALUES('delete', ?1, ?2, ?3)");
    remove->bind(1, document).bind(2, std::string_view(indexed_title)).bind(3, std::string_view(indexed_body));
    remove->run();
}

bool latest_texts(Store::Impl& impl, std::int64_t document, std::string& title, std::string& body) {
    auto query = impl.database.cached(
        "SELECT v.title, v.body_codec, v.body_dictionary, v.body, v.body_size, d.doc_id FROM documents d "
        "JOIN versions v ON v.document_id = d.id AND v.number = d.latest_number WHERE d.id = ?1");
    query->bind(1, document);
    if (!query->step()) {
        return false;
    }
    title.assign(query->text(0));
    impl.text_codec.decode(query->integer(1), query->optional_int64(2), query->blob(3), query->int64(4), body,
                           "the latest version of document '" + std::string(query->text(5)) + "'");
    return true;
}

std::int64_t fill_search_index(Store::Impl& impl) {
    detail::Statement latest(impl.database,
                             "SELECT d.id, d.doc_id, v.title, v.body_codec, v.body_dictionary, v.body, v.body_size "
                             "FROM documents d JOIN versions v ON v.document_id = d.id AND v.number = d.latest_number "
                             "ORDER BY d.id");
    std::string body;
    std::int64_t indexed = 0;
    while (latest.step()) {
        impl.text_codec.decode(latest.integer(3), latest.optional_int64(4), latest.blob(5), latest.int64(6), body,
                               "the latest version of document '" + std::string(latest.text(1)) + "'");
        index_document(impl, latest.int64(0), latest.text(2), body);
        ++indexed;
    }
    latest.reset();
    return indexed;
}

} // namespace newsarc::archive::detail
