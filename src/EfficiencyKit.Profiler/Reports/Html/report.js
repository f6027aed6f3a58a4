(function () {
  var root = JSON.parse(document.getElementById('flame-data').textContent);
  var svg = document.getElementById('flame'), ns = 'http://www.w3.org/2000/svg';
  var width = Math.max(600, svg.getBoundingClientRect().width || 1200), row = 18, depth = 0;
  function fmt(j) { return j >= 1000 ? (j / 1000).toFixed(2) + ' kJ' : j >= 1 ? j.toFixed(2) + ' J' : (j * 1000).toFixed(1) + ' mJ'; }
  function draw(node, x, level) {
    var w = width * node.j / root.j;
    if (w < 0.5) { return; }
    depth = Math.max(depth, level + 1);
    var rect = document.createElementNS(ns, 'rect');
    rect.setAttribute('x', x); rect.setAttribute('y', level * row); rect.setAttribute('width', w); rect.setAttribute('height', row - 1);
    rect.setAttribute('class', 'frame ' + (node.u ? 'user' : 'lib'));
    var title = document.createElementNS(ns, 'title');
    title.textContent = node.n + ': ' + fmt(node.j) + ' (' + (100 * node.j / root.j).toFixed(1) + '%)';
    rect.appendChild(title); svg.appendChild(rect);
    if (w > 60) {
      var text = document.createElementNS(ns, 'text');
      text.setAttribute('x', x + 3); text.setAttribute('y', level * row + 13);
      text.textContent = node.n.length * 7 > w - 6 ? node.n.slice(0, Math.max(0, Math.floor((w - 6) / 7) - 1)) + '…' : node.n;
      svg.appendChild(text);
    }
    var cx = x;
    node.c.forEach(function (child) { draw(child, cx, level + 1); cx += width * child.j / root.j; });
  }
  draw(root, 0, 0);
  svg.setAttribute('height', depth * row);
  svg.setAttribute('data-rendered', svg.querySelectorAll('rect.frame').length);
})();
