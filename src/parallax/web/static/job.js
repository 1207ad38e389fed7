// Follows an ingest job until it ends: progress bar, stage, then links to its stories.
// Only textContent is written, never HTML, so nothing from the server is interpreted.
(function () {
  const box = document.querySelector(".job");
  if (!box) return;
  const bar = box.querySelector(".progress span");
  const stage = box.querySelector(".stage");
  const error = box.querySelector(".error");
  const outcome = box.querySelector(".outcome");
  const list = box.querySelector(".stories-done");
  const warnings = box.querySelector(".warnings");

  async function storyLink(key) {
    const item = document.createElement("li");
    const link = document.createElement("a");
    link.href = "/stories/" + encodeURIComponent(key);
    link.textContent = "story " + key;
    item.appendChild(link);
    try {
      const answer = await fetch("/api/stories/" + encodeURIComponent(key));
      if (answer.ok) {
        const found = (await answer.json()).story;
        link.textContent = found.title || "Untitled story";
        const note = document.createElement("span");
        note.className = "tag";
        note.textContent = " · " + found.article_count + " articles · " +
          (found.analysed ? found.divergence_count + " divergences" : "nothing to compare yet");
        item.appendChild(note);
      }
    } catch (_) { /* the plain link still works */ }
    return item;
  }

  async function show(job) {
    box.dataset.status = job.status;
    const share = job.total ? Math.min(100, (100 * job.done) / job.total) : 0;
    bar.style.width = (job.status === "done" ? 100 : share) + "%";
    stage.textContent = job.status === "running" || job.status === "queued"
      ? job.status + " · " + job.stage + (job.total ? " " + job.done + "/" + job.total : "")
      : job.status;
    warnings.replaceChildren(...job.warnings.map((text) => {
      const item = document.createElement("li");
      item.textContent = text;
      return item;
    }));
    if (job.status === "failed") {
      error.textContent = job.error || "failed";
      error.hidden = false;
    }
    if (job.status === "done") {
      list.replaceChildren(...(await Promise.all(job.stories.map(storyLink))));
      outcome.hidden = false;
    }
  }

  async function poll() {
    try {
      const answer = await fetch("/api/jobs/" + box.dataset.job);
      if (answer.ok) {
        const job = await answer.json();
        await show(job);
        if (job.status === "done" || job.status === "failed") return;
      }
    } catch (_) { /* the server may be busy; try again */ }
    setTimeout(poll, 700);
  }
  poll();
})();
