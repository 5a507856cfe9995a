// Discreet mode: what others may glimpse says nothing of what is read. The tab's title, the
// lock screen (Media Session, see media-session.js) and downloaded files (their names, and the
// MP3 without its tags) show only the site's name. The page's heading is unchanged, so a screen
// reader still reads the article's title. It opens on for articles with a content note (the
// operator's READER_DISCREET), and the reader switches it in the display settings; it takes
// effect at once, and is kept only with "Remember" (preferences.js).

export function discreet(player, say) {
  const box = document.getElementById("discreet");
  if (!box) return;
  const title = document.title;
  const links = [...document.querySelectorAll("[data-discreet-download]")].map((link) => (
    { link, href: link.getAttribute("href"), name: link.getAttribute("download") }));

  function apply() {
    const on = box.checked;
    document.documentElement.dataset.discreet = on ? "on" : "off";
    document.title = on ? player.dataset.publication : title;
    for (const { link, href, name } of links) {
      link.setAttribute("href", on && link.dataset.discreetHref ? link.dataset.discreetHref : href);
      link.setAttribute("download", on ? link.dataset.discreetDownload : name);
    }
    player.dispatchEvent(new CustomEvent("reader:discreet"));
  }

  box.addEventListener("change", (event) => {
    apply();
    if (event.isTrusted) say(box.checked ? "discreetOn" : "discreetOff");   // not when restored
  });
  apply();
  return apply;
}
