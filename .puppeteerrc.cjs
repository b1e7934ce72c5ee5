// Puppeteer's install step would download its own Chrome, which this project never uses:
// tests drive the browsers installed from Debian's packages (see .ci/run).
module.exports = { skipDownload: true };
