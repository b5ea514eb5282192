// Paints the lesson list as the user last saw it, from a snapshot the app keeps in localStorage,
// before the app's scripts and the local database have loaded: on a slow phone that is seconds
// sooner. The app removes it once its own screen has live data (src/app/shared/first-paint.ts).
// Text only (textContent), never stored markup.
(function () {
  var root = document.getElementById('first-paint');
  var path = location.pathname.replace(/\/+$/, '');
  if (!root || (path !== '' && path !== '/learn')) return;
  var snapshot, session;
  try {
    snapshot = JSON.parse(localStorage.getItem('me2me.firstPaint') || 'null');
    session = JSON.parse(localStorage.getItem('me2me.session') || 'null');
  } catch (error) {
    return;
  }
  if (!snapshot || snapshot.v !== 1 || !session || session.name !== snapshot.user || !Array.isArray(snapshot.programmes)) return;

  function element(tag, className, text, lang) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text) node.textContent = String(text);
    if (lang) node.lang = String(lang);
    return node;
  }

  document.documentElement.lang = String(snapshot.lang || 'en');
  var header = element('header', 'fp-header');
  header.appendChild(element('h1', '', snapshot.title));
  root.appendChild(header);
  var main = element('main', 'fp-main');
  snapshot.programmes.forEach(function (programme) {
    var section = element('section', 'fp-programme');
    section.appendChild(element('h2', '', programme.title));
    if (programme.summary) section.appendChild(element('p', '', programme.summary));
    if (programme.meta) section.appendChild(element('p', 'fp-meta', programme.meta));
    var list = element('ul');
    (programme.lessons || []).forEach(function (lesson) {
      var item = element('li');
      var link = element('a');
      link.href = '/learn/lesson/' + encodeURIComponent(String(lesson.id));
      var mark = element('span', 'fp-mark', lesson.done ? '\u2713' : '');
      if (lesson.done) {
        mark.setAttribute('role', 'img');
        mark.setAttribute('aria-label', String(snapshot.doneLabel || ''));
      } else {
        mark.setAttribute('aria-hidden', 'true');
      }
      link.appendChild(mark);
      var text = element('span', 'fp-text');
      text.appendChild(element('strong', '', lesson.title, lesson.lang));
      if (lesson.summary) text.appendChild(element('span', '', lesson.summary, lesson.lang));
      if (lesson.meta) text.appendChild(element('span', 'fp-meta', lesson.meta));
      link.appendChild(text);
      item.appendChild(link);
      list.appendChild(item);
    });
    section.appendChild(list);
    main.appendChild(section);
  });
  root.appendChild(main);
  root.hidden = false;
})();
