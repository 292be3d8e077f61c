/* FROZEN: plugin.h exactly as ABI 1.0 shipped it (commit 748c9a3). Never edit: tests build a plugin against it
 * to prove that a 1.0 build still loads and extracts on this host. */
/* newsarc plugin ABI: the whole contract between the newsarc host and a site plugin.
 *
 * A plugin is a shared library newsarc_<id>.so exporting one symbol, `newsarc_<id>_plugin`, of type
 * newsarc_plugin_entry. The host calls it after dlopen, checks the ABI numbers before anything else, then
 * reads at most `struct_size` bytes of the table: a field past that is absent (it was added after the
 * plugin was built). Rules: structs are append-only within a major version; only plain C types cross;
 * strings are UTF-8 views (pointer + size, never assumed NUL-terminated); nothing a plugin gets from the
 * host outlives the call it was given in; no exception crosses (the C++ SDK catches everything).
 */
#ifndef NEWSARC_PLUGIN_H
#define NEWSARC_PLUGIN_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define NEWSARC_PLUGIN_ABI_MAJOR 1
#define NEWSARC_PLUGIN_ABI_MINOR 0

/* A UTF-8 string view. data may be NULL only when size is 0 ("absent" where a function says so). */
typedef struct newsarc_str {
    const char *data;
    size_t size;
} newsarc_str;

/* Outcome of a plugin call; 0 is success, as in curl and SQLite. */
typedef enum newsarc_status {
    NEWSARC_OK = 0,
    NEWSARC_NOT_MINE = 1,   /* the page is not one this plugin handles: the host tries the next plugin */
    NEWSARC_NO_CONTENT = 2, /* the page is the plugin's but holds no article (a list, a removed page) */
    NEWSARC_FAILED = 3,     /* the plugin failed; it said why through set_error */
    NEWSARC_PAYWALLED = 4   /* only a teaser is public: recorded as paywalled, never stored as full text */
} newsarc_status;

/* What a URL is to a plugin. Starts at 1 so a zeroed value is invalid. */
typedef enum newsarc_page_kind {
    NEWSARC_PAGE_INVALID = 0,
    NEWSARC_PAGE_ARTICLE = 1, /* extract an article from it, and follow its links if the job says so */
    NEWSARC_PAGE_LIST = 2,    /* a list or home page: follow its links, re-fetched on every run */
    NEWSARC_PAGE_FEED = 3,    /* RSS/Atom or an API listing: follow its links, re-fetched on every run */
    NEWSARC_PAGE_IGNORE = 4   /* never fetch */
} newsarc_page_kind;

typedef enum newsarc_log_level {
    NEWSARC_LOG_TRACE = 0,
    NEWSARC_LOG_DEBUG = 1,
    NEWSARC_LOG_INFO = 2,
    NEWSARC_LOG_WARN = 3,
    NEWSARC_LOG_ERROR = 4
} newsarc_log_level;

/* A node of the page's DOM (a GumboNode inside the tree the host parsed once). Opaque to the plugin. */
typedef const void *newsarc_node;

struct GumboInternalOutput;

/* A request a plugin asks the crawler to make: a link to follow, a JSON API call, a form POST. */
typedef struct newsarc_request {
    uint32_t struct_size;     /* sizeof(newsarc_request) as the plugin was built */
    newsarc_str method;       /* "GET" (also when empty) or "POST" */
    newsarc_str url;          /* absolute URL */
    newsarc_str body;         /* request body for POST (form-encoded or JSON), empty for GET */
    newsarc_str headers;      /* extra request headers, "Name: value" lines separated by '\n' */
    newsarc_page_kind kind;   /* what the answer is expected to be */
    int32_t priority;         /* larger is fetched sooner; 0 is the default */
    newsarc_str document_url; /* for a request that fetches an article through another URL (an API,
                                 a full-text form): the article's own URL, which names the document.
                                 Empty when the request URL is the document. */
} newsarc_request;

/* A fetched page or API answer, as the host hands it to a plugin. Valid for the duration of the call. */
typedef struct newsarc_page {
    uint32_t struct_size;
    newsarc_str url;          /* the final URL after redirects */
    newsarc_str document_url; /* the document this fetch is for (see newsarc_request.document_url); equals
                                 url when the request named none */
    int32_t http_status;
    newsarc_str content_type; /* media type from the response, lower case, without parameters */
    newsarc_str body;         /* the response body; for text media types, converted to UTF-8 */
    newsarc_node root;        /* the document node when the body was parsed as HTML, else NULL */
    const struct GumboInternalOutput *gumbo; /* the same parse for plugins that walk gumbo directly, or NULL */
    newsarc_str fetched_at;   /* ISO 8601 with offset, e.g. "2026-11-23T18:00:00+08:00" */
} newsarc_page;

/* The services the host offers a plugin during one call. `call` identifies that call and is passed back
 * unchanged. Strings and node arrays the host returns live until the plugin call returns. */
typedef struct newsarc_host_api {
    uint32_t struct_size;
    uint16_t abi_major;
    uint16_t abi_minor;

    /* The host prefixes "[plugin:<id>]" and applies its level and sinks. */
    void (*log)(void *call, newsarc_log_level level, newsarc_str message);
    /* Why the call failed; pair it with NEWSARC_FAILED. */
    void (*set_error)(void *call, newsarc_str message);

    /* Discovery output. emit_link is a GET of `url` expected to be of `kind`. */
    void (*emit_link)(void *call, newsarc_str url, newsarc_page_kind kind, int32_t priority);
    void (*emit_request)(void *call, const newsarc_request *request);

    /* Extraction output. Field names: "title", "author", "source", "published_at" (ISO 8601 with offset,
     * or "YYYY-MM-DD HH:MM[:SS]" in China time), "canonical_url", "lang", "summary". Unknown names are kept
     * as extra metadata. Paragraphs are plain text, one call each, in reading order. */
    void (*set_field)(void *call, newsarc_str name, newsarc_str value);
    void (*add_paragraph)(void *call, newsarc_str text);
    void (*add_tag)(void *call, newsarc_str tag);

    /* DOM queries over the host's parse. select() matches a CSS selector under `scope` (NULL: the whole
     * document) in document order; returns 0 and fills *matches / *count, or -1 when the selector does not
     * parse (the host logs why, naming the selector). */
    int (*select)(void *call, newsarc_node scope, newsarc_str selector, const newsarc_node **matches,
                  size_t *count);
    /* The text of a node: block elements become paragraph breaks ("\n\n"), <br> a line break, runs of
     * white space one space; script, style and template content are skipped. */
    newsarc_str (*text)(void *call, newsarc_node node);
    /* An attribute's value; data == NULL when the attribute is absent. */
    newsarc_str (*attr)(void *call, newsarc_node node, newsarc_str name);
    /* Lower-case tag name ("div"); empty for text, comment and document nodes. */
    newsarc_str (*tag)(void *call, newsarc_node node);
    /* The raw text of a node's children without any processing: for <script> bodies (embedded JSON). */
    newsarc_str (*raw_text)(void *call, newsarc_node node);
    newsarc_node (*parent)(void *call, newsarc_node node);
    /* Element children only, in order. */
    int (*children)(void *call, newsarc_node node, const newsarc_node **children, size_t *count);
} newsarc_host_api;

/* The table a plugin returns. Fields after `extract` are optional: NULL (or beyond struct_size) = absent. */
typedef struct newsarc_plugin {
    uint32_t struct_size;
    uint16_t abi_major;       /* NEWSARC_PLUGIN_ABI_MAJOR the plugin was built with */
    uint16_t abi_minor;
    const char *id;           /* [a-z0-9_]+, equal to the file name's <id> */
    const char *version;      /* the plugin's content version, e.g. "2026.11.1": bump it when output changes */
    const char *const *hosts; /* NULL-terminated host names it claims: "www.huxiu.com", "*.guancha.cn"
                                 (any subdomain and the bare domain), or "*" (the generic fallback) */
    int32_t priority;         /* among plugins claiming one host, higher wins; generic is lowest */

    /* Called once after loading with the job's [plugins.<id>] table as a JSON object ("{}" when none).
     * NULL: takes no settings. */
    newsarc_status (*configure)(newsarc_str settings_json, const newsarc_host_api *host, void *call);
    newsarc_page_kind (*classify)(newsarc_str url);
    /* Called for every page the plugin classified as a list, feed or article: emit what to follow. */
    newsarc_status (*discover)(const newsarc_page *page, const newsarc_host_api *host, void *call);
    /* Called for article pages: set fields and add paragraphs. */
    newsarc_status (*extract)(const newsarc_page *page, const newsarc_host_api *host, void *call);

    /* How to fetch a URL the plugin classified: emit exactly one request (a full-text form, an API URL), or
     * return NEWSARC_NOT_MINE to fetch the URL itself. NULL: always fetch the URL itself. */
    newsarc_status (*prepare)(newsarc_str url, newsarc_page_kind kind, const newsarc_host_api *host, void *call);
    /* The requests that start a crawl of this site (list pages, API listings), used when a job names the
     * plugin without seeds. NULL: none. */
    newsarc_status (*seeds)(const newsarc_host_api *host, void *call);
} newsarc_plugin;

typedef const newsarc_plugin *(*newsarc_plugin_entry)(void);

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* NEWSARC_PLUGIN_H */
