// Runs after axe.min.js in every top-level page the browser tests open (see conftest.py, Tab).
// On load, and when the test ends, it checks the page against WCAG 2.0/2.1 A and AA and, on a phone-sized
// viewport, for sideways scrolling, and hands what it found to the test through window.__a11yReport.
(() => {
  if (window.top !== window) return;
  const TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];

  function describe(element) {
    let name = element.tagName.toLowerCase();
    if (element.id) name += "#" + element.id;
    else if (element.classList.length) name += "." + [...element.classList].join(".");
    return name;
  }

  function sideways() {
    const root = document.documentElement;
    const width = root.clientWidth;
    if (width > 390 || root.scrollWidth <= width) return [];
    const wide = [...document.body.querySelectorAll("*")]
      .filter((el) => el.getBoundingClientRect().right > width + 1)
      .filter((el) => !el.parentElement || el.parentElement.getBoundingClientRect().right <= width + 1)
      .slice(0, 5)
      .map((el) => `${describe(el)} (right edge ${Math.round(el.getBoundingClientRect().right)} px)`);
    return [{ rule: "horizontal-scroll", help: `page is ${root.scrollWidth} px wide on a ${width} px screen`, targets: wide }];
  }

  async function check() {
    if (document.contentType !== "text/html" || !window.axe) return [];
    const result = await window.axe.run(document, { runOnly: { type: "tag", values: TAGS }, resultTypes: ["violations"] });
    const found = result.violations.map((v) => ({
      rule: v.id,
      help: `${v.help} (${v.impact})`,
      targets: v.nodes.map((node) => node.target.join(" ")),
    }));
    return found.concat(sideways());
  }

  let running = Promise.resolve();
  function report() {
    running = running.then(check).then(
      (found) => window.__a11yReport(location.href, found),
      (error) => window.__a11yReport(location.href, [{ rule: "axe-error", help: String(error), targets: [] }]),
    );
    return running;
  }
  window.__a11yCheck = report;
  window.addEventListener("load", () => setTimeout(report, 0));
})();
