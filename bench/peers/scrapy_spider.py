# A minimal Scrapy spider for bench/crawl: start at one URL, follow every link on 127.0.0.1, parse nothing
# else. Politeness off (no delay, no robots.txt, no autothrottle). Writes the page count to -a count_file.
# Run: python3 -m scrapy runspider scrapy_spider.py -a start=URL -a count_file=FILE -s CONCURRENT_REQUESTS=32
import scrapy


class BenchSpider(scrapy.Spider):
    name = "bench"
    custom_settings = {
        "ROBOTSTXT_OBEY": False,
        "DOWNLOAD_DELAY": 0,
        "AUTOTHROTTLE_ENABLED": False,
        "COOKIES_ENABLED": False,
        "RETRY_ENABLED": False,
        "TELNETCONSOLE_ENABLED": False,
        "LOG_LEVEL": "WARNING",
        "DEPTH_LIMIT": 0,
    }

    def __init__(self, start, count_file, **kwargs):
        super().__init__(**kwargs)
        self.start_urls = [start]
        self.count_file = count_file
        self.pages = 0

    def parse(self, response):
        self.pages += 1
        for href in response.css("a::attr(href)").getall():
            url = response.urljoin(href)
            if url.startswith("http://127.0.0.1:") and "/p" in url:
                yield scrapy.Request(url, callback=self.parse)

    def closed(self, reason):
        with open(self.count_file, "w") as out:
            out.write(str(self.pages))
