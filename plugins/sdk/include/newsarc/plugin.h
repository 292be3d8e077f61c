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
#define NEWSARC_PLUGIN_ABI_MINOR 1

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

/* ABI 1.1: a URL's components (newsarc_host_api.url_split). Every string is set; data == NULL marks an absent
 * port, query or fragment (an empty one has data != NULL and size 0). */
typedef struct newsarc_url_parts {
    uint32_t struct_size;  /* sizeof(newsarc_url_parts) as the plugin was built: the host fills no more */
    newsarc_str scheme;    /* lower case: "https" */
    newsarc_str host;      /* lower case, without port: "www.huxiu.com"; empty for "mailto:" and the like */
    newsarc_str port;      /* as written: "8080"; absent when the URL names none */
    newsarc_str path;      /* "/article/1.html"; "/" for "https://host" */
    newsarc_str query;     /* without '?', still percent-encoded */
    newsarc_str fragment;  /* without '#' */
} newsarc_url_parts;

/* ABI 1.1: what newsarc_host_api.parse_time reads. A zeroed struct (with struct_size set) finds the first
 * time printed in the text, read in China time, with no year and no fetch time to fall back on. */
typedef enum newsarc_time_form {
    NEWSARC_TIME_IN_TEXT = 0,  /* the first date-time printed anywhere in the text (every form news pages use) */
    NEWSARC_TIME_URL_PATH = 1, /* a date a URL path carries: /2024-05/13/, /20240513/, t20240513_ */
    NEWSARC_TIME_UNIX = 2      /* Unix seconds (or milliseconds above 1e11) written as 1 to 13 digits */
} newsarc_time_form;

#define NEWSARC_TIME_HAS_YEAR 0x1u /* options.year holds the page's year, for "09-07 19:02" */
#define NEWSARC_TIME_HAS_NOW 0x2u  /* options.now holds the fetch time, for "3小时前", "昨天 14:05" */
#define NEWSARC_TIME_HAS_ZONE 0x4u /* options.zone_offset_minutes replaces China time (+480) as the zone of
                                      times that state no offset */

typedef struct newsarc_time_options {
    uint32_t struct_size;
    newsarc_time_form form;
    uint32_t flags;              /* NEWSARC_TIME_HAS_* */
    int32_t year;
    int32_t zone_offset_minutes; /* east of UTC */
    int64_t now;                 /* Unix seconds */
} newsarc_time_options;

#define NEWSARC_TIME_HAS_CLOCK 0x1u   /* a time of day was printed (else text is "YYYY-MM-DD") */
#define NEWSARC_TIME_HAS_SECONDS 0x2u /* seconds were printed */
#define NEWSARC_TIME_RELATIVE 0x4u    /* read against options.now (刚刚, 3小时前, 昨天 14:05) */

/* ABI 1.1: a time parse_time found. */
typedef struct newsarc_time {
    uint32_t struct_size;        /* sizeof(newsarc_time) as the plugin was built: the host fills no more */
    uint32_t flags;              /* NEWSARC_TIME_HAS_CLOCK, _HAS_SECONDS, _RELATIVE */
    newsarc_str text;            /* the form the host stores in published_at: "YYYY-MM-DD HH:MM[:SS]" in China
                                    time, "YYYY-MM-DD", or "YYYY-MM-DDTHH:MM:SS±HH:MM" in another offset */
    newsarc_str iso;             /* always ISO 8601 with the offset: "2024-05-01T08:30:00+08:00" */
    int64_t unix_seconds;
    int32_t year, month, day, hour, minute, second; /* civil time in offset_minutes */
    int32_t offset_minutes;      /* the text's own offset, else the zone it was read in */
    size_t position;             /* byte offset of the match in the text */
    size_t length;               /* byte length of the match */
} newsarc_time;

/* ABI 1.1: one block of text of an HTML fragment (newsarc_host_api.html_fragment_blocks). */
typedef struct newsarc_html_block {
    newsarc_str text;    /* plain text, "\n" where a <br> stood; white space runs not yet collapsed */
    newsarc_str tag;     /* lower-case tag of the innermost block element ("p", "h2"), or empty */
    newsarc_str classes; /* that element's class attribute */
    newsarc_str label;   /* that element's label attribute */
    int32_t has_image;   /* 1 when the block holds an <img> */
} newsarc_html_block;

/* ABI 1.1: decides whether an element of a fragment and everything inside it is left out: return non-zero to
 * drop. Called during html_fragment_blocks only; must not call back into the host. */
typedef int (*newsarc_html_drop)(void *user, newsarc_str tag, newsarc_str classes);

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

    /* ABI 1.1: the web tools the crawler itself uses, so a plugin reads URLs, times and HTML exactly as the
     * host does. A plugin checks struct_size before calling them (a 1.1 host built before them ends here).
     * Each returns 0 on success, or -1 and sets *error (when error != NULL) to a message naming the input. */

    /* `reference` (an href: absolute, relative, "//host/x", "?q") resolved against the absolute `base` and
     * normalized as the crawler keys pages: scheme and host lower case, default port and fragment removed,
     * dot segments resolved, percent-encoding in one spelling. Only http and https URLs resolve. */
    int (*url_resolve)(void *call, newsarc_str base, newsarc_str reference, newsarc_str *absolute,
                       newsarc_str *error);
    /* The same normalization of an absolute http(s) URL. */
    int (*url_normalize)(void *call, newsarc_str url, newsarc_str *normalized, newsarc_str *error);
    /* The components of an absolute URL of any scheme; fills at most parts->struct_size bytes. */
    int (*url_split)(void *call, newsarc_str url, newsarc_url_parts *parts, newsarc_str *error);
    /* The time in `text` (see newsarc_time_options; NULL options: a time printed in the text, China time).
     * Returns 0 and fills at most found->struct_size bytes, 1 when the text holds no time, -1 on a bad
     * argument (error set). */
    int (*parse_time)(void *call, newsarc_str text, const newsarc_time_options *options, newsarc_time *found,
                      newsarc_str *error);
    /* `text` with HTML character references decoded as HTML5 reads them in text; no other markup is read. */
    newsarc_str (*html_decode_entities)(void *call, newsarc_str text);
    /* An HTML fragment the host did not fetch as a page (an article body held in JSON) as blocks of text:
     * block elements start blocks, <br> is a line break, entities are decoded, script/style/template content
     * and the elements `drop` refuses (may be NULL) are skipped, blank blocks without an image left out. */
    int (*html_fragment_blocks)(void *call, newsarc_str html, newsarc_html_drop drop, void *drop_user,
                                const newsarc_html_block **blocks, size_t *count);
    /* The plain text of an HTML fragment: its blocks joined by "\n\n". */
    newsarc_str (*html_fragment_text)(void *call, newsarc_str html);
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

    /* Called with the job's [plugin_settings.<id>] table as JSON object text, once per job that has such a
     * table, before the job's first call of the plugin; never called for a job without one (the plugin then
     * runs with its defaults). An empty table arrives as "{}". Return NEWSARC_FAILED (with set_error) to
     * refuse the settings: the job then stops with that message. NULL: takes no settings (a job that gives
     * some is still accepted). */
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

    /* ABI 1.1. NEWSARC_PLUGIN_* bits; 0 (and a 1.0 plugin, whose table ends before this field) claims none. */
    uint32_t flags;
    /* ABI 1.1. classify with the host's services (a plugin reads URLs with url_split): the host calls it
     * instead of classify when set. classify stays required, for hosts that predate this field. */
    newsarc_page_kind (*classify_with_host)(newsarc_str url, const newsarc_host_api *host, void *call);
} newsarc_plugin;

/* newsarc_plugin.flags: the plugin's entry points may run on several threads at once (the host calls
 * discover and extract of many pages on a pool of workers). Without it the host calls the plugin from one
 * thread at a time, whatever the number of workers: the safe reading of a plugin that says nothing. */
#define NEWSARC_PLUGIN_CONCURRENT 0x1u

typedef const newsarc_plugin *(*newsarc_plugin_entry)(void);

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* NEWSARC_PLUGIN_H */
