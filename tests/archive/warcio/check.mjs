// Checks a WARC file newsarc wrote with warcio.js, the Webrecorder reader (tests/archive/test_warc.cpp runs it):
// every record must be indexed by warcio's CDX indexer and read again alone from its offset and length (as a
// replay tool does), its digests must match, its links must name records of the file, and the counts must be
// the expected ones. Any warcio warning counts as a failure. With --statuses, the HTTP statuses warcio reads from the
// response records must be these, in file order. Every redirect (301, 302, 303, 307, 308) must carry a Location.
// Usage: node check.mjs FILE --records N --responses M [--statuses 301,302,200]
import { createHash } from "node:crypto";
import { createReadStream, existsSync, readFileSync } from "node:fs";
import { gunzipSync } from "node:zlib";

const failures = [];
const fail = (message) => failures.push(message);
// warcio reports framing trouble (e.g. "Content-Length Too Small") through console.warn and goes on.
for (const level of ["warn", "error"]) {
    console[level] = (...parts) => fail(`warcio ${level}: ${parts.join(" ")}`);
}

function usage(message) {
    process.stderr.write(
        `check.mjs: ${message}\nusage: node check.mjs FILE --records N --responses M [--statuses S1,S2,...]\n`);
    process.exit(2);
}

const args = process.argv.slice(2);
const file = args[0];
const option = (name) => {
    const at = args.indexOf(name);
    if (at < 0 || at + 1 >= args.length || !/^\d+$/.test(args[at + 1])) {
        usage(`${name} N is required`);
    }
    return Number(args[at + 1]);
};
if (!file || file.startsWith("--")) {
    usage("no file given");
}
if (!existsSync(file)) {
    usage(`${file} does not exist`);
}
const expectedRecords = option("--records");
const expectedResponses = option("--responses");
let expectedStatuses = null;
if (args.includes("--statuses")) {
    const list = args[args.indexOf("--statuses") + 1] ?? "";
    if (!/^\d{3}(,\d{3})*$/.test(list)) {
        usage("--statuses takes three-digit statuses separated by commas");
    }
    expectedStatuses = list.split(",").map(Number);
}

let warcio;
try {
    warcio = await import("warcio");
} catch (error) {
    process.stderr.write(
        `check.mjs: cannot load warcio (${error.code ?? error.message}): tests/archive/warcio/node_modules is ` +
            `missing or incomplete - run scripts/setup, which runs 'npm ci' in tests/archive/warcio\n`);
    process.exit(3);
}
const { WARCParser, CDXIndexer } = warcio;

function base32(bytes) {
    const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    let bits = 0;
    let value = 0;
    let out = "";
    for (const byte of bytes) {
        value = (value << 8) | byte;
        bits += 8;
        while (bits >= 5) {
            out += alphabet[(value >>> (bits - 5)) & 31];
            bits -= 5;
        }
    }
    if (bits > 0) {
        out += alphabet[(value << (5 - bits)) & 31];
    }
    while (out.length % 8 !== 0) {
        out += "=";
    }
    return out;
}
const sha1 = (bytes) => "sha1:" + base32(createHash("sha1").update(bytes).digest());

async function indexAll(path, all) {
    const indexer = new CDXIndexer({ all, format: "json" });
    const entries = [];
    for await (const entry of indexer.iterRecords(new WARCParser(createReadStream(path)), path)) {
        entries.push(entry);
    }
    return entries;
}

function indexOfBytes(haystack, needle, from = 0) {
    return Buffer.from(haystack.buffer, haystack.byteOffset, haystack.byteLength).indexOf(needle, from);
}

// 1. warcio's indexer over the whole file: every record, and the response/request pairs a replay index holds.
let everything = [];
let replayIndex = [];
try {
    everything = await indexAll(file, true);
    replayIndex = await indexAll(file, false);
} catch (error) {
    fail(`warcio could not read ${file}: ${error.stack ?? error}`);
}
if (everything.length !== expectedRecords) {
    fail(`warcio indexed ${everything.length} records, expected ${expectedRecords}`);
}
if (replayIndex.length !== expectedResponses) {
    fail(`warcio's CDX index has ${replayIndex.length} entries, expected one per response: ${expectedResponses}`);
}

// 2. Each record alone, from its offset and length: one gzip member holding exactly one well-formed record.
const bytes = readFileSync(file);
const ids = new Set();
const links = [];
const statuses = [];
const types = {};
let end = 0;
for (const [position, entry] of everything.entries()) {
    const where = `${file} at byte ${entry.offset}`;
    const offset = Number(entry.offset);
    const length = Number(entry.length);
    if (!Number.isInteger(offset) || !Number.isInteger(length) || length <= 0) {
        fail(`${where}: the index gives no offset and length (${JSON.stringify(entry)})`);
        continue;
    }
    if (offset !== end) {
        fail(`${where}: expected the record to start at byte ${end}, where the previous one ended`);
    }
    end = offset + length;
    const slice = bytes.subarray(offset, offset + length);
    let data;
    try {
        data = gunzipSync(slice);
    } catch (error) {
        fail(`${where}: its ${length} bytes are not one gzip member (${error.message})`);
        continue;
    }
    const headerEnd = indexOfBytes(data, "\r\n\r\n");
    const header = data.subarray(0, headerEnd).toString("utf8").split("\r\n");
    if (headerEnd < 0 || header[0] !== "WARC/1.1") {
        fail(`${where}: does not start with a WARC/1.1 header`);
        continue;
    }
    const fields = new Map();
    for (const line of header.slice(1)) {
        const colon = line.indexOf(":");
        fields.set(line.slice(0, colon).toLowerCase(), line.slice(colon + 1).trim());
    }
    const contentLength = Number(fields.get("content-length"));
    const block = data.subarray(headerEnd + 4, headerEnd + 4 + contentLength);
    if (data.length !== headerEnd + 4 + contentLength + 4 || data.subarray(data.length - 4).toString() !== "\r\n\r\n") {
        fail(`${where}: the member holds ${data.length} bytes, not one record of Content-Length ${contentLength}`);
    }
    const type = fields.get("warc-type");
    types[type] = (types[type] ?? 0) + 1;
    if (position === 0 && type !== "warcinfo") {
        fail(`${where}: the first record is '${type}', expected warcinfo`);
    }
    const id = fields.get("warc-record-id") ?? "";
    if (!/^<urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}>$/.test(id)) {
        fail(`${where}: WARC-Record-ID '${id}' is not a <urn:uuid:...> of version 5`);
    }
    if (ids.has(id)) {
        fail(`${where}: WARC-Record-ID ${id} is used twice`);
    }
    ids.add(id);
    if (!/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{1,9})?Z$/.test(fields.get("warc-date") ?? "")) {
        fail(`${where}: WARC-Date '${fields.get("warc-date")}' is not a UTC date`);
    }
    for (const name of ["warc-concurrent-to", "warc-refers-to", "warc-warcinfo-id"]) {
        if (fields.has(name)) {
            links.push({ where, name, id: fields.get(name) });
        }
    }
    if (fields.get("warc-block-digest") !== sha1(block)) {
        fail(`${where}: WARC-Block-Digest ${fields.get("warc-block-digest")} does not match the block (${sha1(block)})`);
    }
    if (type === "response") {
        const httpEnd = indexOfBytes(block, "\r\n\r\n");
        const head = block.subarray(0, httpEnd).toString("latin1");
        const payload = block.subarray(httpEnd + 4);
        if (fields.get("warc-payload-digest") !== sha1(payload)) {
            fail(`${where}: WARC-Payload-Digest ${fields.get("warc-payload-digest")} does not match the body`);
        }
        if (!/^HTTP\/1\.1 \d{3} /.test(head)) {
            fail(`${where}: bad HTTP status line '${head.split("\r\n")[0]}'`);
        }
        const declared = /\r\ncontent-length: *(\d+)/i.exec(head);
        if (!declared || Number(declared[1]) !== payload.length) {
            fail(`${where}: the HTTP Content-Length does not give the body's ${payload.length} bytes`);
        }
        if (/\r\n(transfer-encoding|content-encoding):/i.test(head)) {
            fail(`${where}: the stored body is decoded, yet the HTTP header names an encoding`);
        }
    }
    // As a replay tool does: warcio reads the record from these bytes alone.
    try {
        const parser = new WARCParser([slice]);
        const record = await parser.parse();
        const content = await record.readFully(false);
        if (record.warcType !== type || (await parser.parse()) !== null) {
            fail(`${where}: warcio read a different record from its offset`);
        }
        if (type === "response" && sha1(content) !== fields.get("warc-payload-digest")) {
            fail(`${where}: warcio's payload differs from the digested one`);
        }
        if (type === "response") {
            const status = record.httpHeaders?.statusCode;
            statuses.push(status);
            // 304 Not Modified (and 305, 306) are no redirects: only these must say where to go.
            if ([301, 302, 303, 307, 308].includes(status) && !record.httpHeaders.headers.get("Location")) {
                fail(`${where}: warcio reads a ${status} response without a Location header`);
            }
        }
    } catch (error) {
        fail(`${where}: warcio cannot read the record from its offset: ${error.message}`);
    }
}
if (end !== bytes.length && everything.length > 0) {
    fail(`${file}: the records end at byte ${end}, the file at byte ${bytes.length}`);
}
for (const link of links) {
    if (!ids.has(link.id)) {
        fail(`${link.where}: ${link.name} ${link.id} names no record of the file`);
    }
}
if ((types.response ?? 0) !== expectedResponses) {
    fail(`${file}: ${types.response ?? 0} response records, expected ${expectedResponses}`);
}
if (expectedStatuses && statuses.join(",") !== expectedStatuses.join(",")) {
    fail(`${file}: warcio reads the response statuses ${statuses.join(",")}, expected ${expectedStatuses.join(",")}`);
}

if (failures.length > 0) {
    process.stderr.write(failures.map((line) => `FAIL ${line}`).join("\n") + "\n");
    process.exit(1);
}
const counts = Object.entries(types).map(([type, count]) => `${count} ${type}`).join(", ");
process.stdout.write(`warcio ${file}: ${everything.length} records indexed (${counts}), ` +
    `${replayIndex.length} CDX entries, 0 rejected\n`);
if (expectedStatuses) {
    process.stdout.write(`warcio ${file}: response statuses ${statuses.join(" ")}, every redirect with a Location\n`);
}
