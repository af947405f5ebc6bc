"""The error table of the HTML report: every error of every system, its span marked at its offsets in the sentence,
and a small inline script that filters, searches, sorts and pages the table.

The whole table is in the HTML: without JavaScript every row shows (the controls stay hidden). The script reads
its state from the URL fragment or query (``#system=cnreport&group=ORG&outcome=fp&q=蚂蚁&sort=line&dir=desc&page=2
&size=50``; ``system=`` for all systems) and writes it back there, so a view can be linked and tests can open the
page in a given state. After each change the table carries ``data-matching`` (rows passing the filters and the
search), ``data-page`` and ``data-pages``; rows outside the page are ``hidden``.
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from nlp.scoring.html_parts import esc

#: The columns: (key used by ``sort=``, heading, numeric).
COLUMNS = (
    ("system", "system", False), ("outcome", "outcome", False), ("group", "label / kind", False),
    ("doc", "document", False), ("line", "line", True), ("page", "page", True), ("text", "text", False),
    ("gold", "gold", False), ("pred", "predicted", False), ("detail", "detail", False),
    ("context", "line text", False),
)

#: Rows per page when the page opens, and the choices offered (0: all).
PAGE_SIZES = (25, 50, 100, 250, 1000, 0)
DEFAULT_PAGE_SIZE = 50

ERRORS_JS = """
(function(){
  var table=document.getElementById('errors'); if(!table){return;}
  var body=table.tBodies[0], rows=Array.prototype.slice.call(body.rows);
  var heads=Array.prototype.slice.call(table.tHead.rows[0].cells);
  var keys=heads.map(function(h){return h.getAttribute('data-key');});
  var numeric=heads.map(function(h){return h.hasAttribute('data-num');});
  var el=function(id){return document.getElementById(id);};
  var sel={system:el('f-system'),group:el('f-group'),outcome:el('f-outcome')}, search=el('f-search'), size=el('f-size');
  var defaults={system:sel.system.value,group:'',outcome:'',q:'',sort:'',dir:'asc',page:'1',size:size.value};
  var state={}, text=[], cell=[], sorted=null, idx=[];
  rows.forEach(function(r){ text.push(r.textContent.toLowerCase()); });
  function cellKey(i,c){
    var k=cell[i]||(cell[i]=[]); if(k[c]!==undefined){return k[c];}
    var td=rows[i].cells[c], v=td?td.textContent:'';
    if(numeric[c]){v=v.trim()===''?null:Number(v);}
    return (k[c]=v);
  }
  function readUrl(){
    var s={}, k; for(k in defaults){s[k]=defaults[k];}
    [location.search.slice(1),location.hash.slice(1)].forEach(function(part){
      if(part.indexOf('=')<0){return;}
      new URLSearchParams(part).forEach(function(v,k){ if(k in defaults){s[k]=v;} });
    });
    return s;
  }
  function writeUrl(){
    var p=new URLSearchParams(), q=new URLSearchParams(location.search.slice(1)), k;
    for(k in defaults){ if(state[k]!==defaults[k]||q.has(k)){p.set(k,state[k]);} }
    var h=p.toString();
    try{ history.replaceState(null,'',h?'#'+h:location.pathname+location.search); }catch(e){}
  }
  function setSelect(s,v){
    var ok=Array.prototype.some.call(s.options,function(o){return o.value===v;});
    s.value=ok?v:''; return s.value;
  }
  function order(){
    var c=keys.indexOf(state.sort), d=state.dir==='desc'?-1:1;
    if(sorted===c+':'+d){return idx;}
    sorted=c+':'+d; idx=rows.map(function(_,i){return i;});
    if(c>=0){
      idx.sort(function(a,b){
        var x=cellKey(a,c), y=cellKey(b,c);
        if(x===null||y===null){ if(x!==y){return x===null?1:-1;} return a-b; }
        return x<y?-d:x>y?d:a-b;
      });
    }
    var frag=document.createDocumentFragment(); idx.forEach(function(i){frag.appendChild(rows[i]);});
    body.appendChild(frag);
    heads.forEach(function(h,i){
      if(i===c){h.setAttribute('aria-sort',d<0?'descending':'ascending');}else{h.removeAttribute('aria-sort');}
    });
    return idx;
  }
  function apply(){
    var words=state.q.toLowerCase().split(/\\s+/).filter(Boolean), idx=order(), hit=[];
    idx.forEach(function(i){
      var r=rows[i], ok=(!state.system||r.getAttribute('data-system')===state.system)
        &&(!state.group||r.getAttribute('data-group')===state.group)
        &&(!state.outcome||r.getAttribute('data-outcome')===state.outcome)
        &&words.every(function(w){return text[i].indexOf(w)>=0;});
      r.hidden=true; if(ok){hit.push(r);}
    });
    var n=Number(state.size)||0, pages=n?Math.max(1,Math.ceil(hit.length/n)):1;
    var page=Math.min(Math.max(1,parseInt(state.page,10)||1),pages); state.page=String(page);
    var from=n?(page-1)*n:0, to=n?Math.min(hit.length,from+n):hit.length;
    for(var i=from;i<to;i++){hit[i].hidden=false;}
    table.setAttribute('data-matching',String(hit.length));
    table.setAttribute('data-page',String(page)); table.setAttribute('data-pages',String(pages));
    el('shown').textContent=String(hit.length);
    el('range').textContent=hit.length?(from+1)+'–'+to:'0';
    el('pageno').textContent='page '+page+' of '+pages;
    el('prev').disabled=page<=1; el('first').disabled=page<=1;
    el('next').disabled=page>=pages; el('last').disabled=page>=pages;
  }
  function change(){ apply(); writeUrl(); }
  function load(){
    state=readUrl();
    state.system=setSelect(sel.system,state.system); state.group=setSelect(sel.group,state.group);
    state.outcome=setSelect(sel.outcome,state.outcome); state.size=setSelect(size,state.size)||defaults.size;
    if(state.dir!=='desc'){state.dir='asc';}
    search.value=state.q; apply();
  }
  Object.keys(sel).forEach(function(k){
    sel[k].addEventListener('change',function(){state[k]=sel[k].value; state.page='1'; change();});
  });
  search.addEventListener('input',function(){state.q=search.value; state.page='1'; change();});
  size.addEventListener('change',function(){state.size=size.value; state.page='1'; change();});
  var go=function(f){
    return function(){ state.page=String(f(Number(state.page),Number(table.getAttribute('data-pages')))); change(); };
  };
  el('first').addEventListener('click',go(function(){return 1;}));
  el('prev').addEventListener('click',go(function(p){return p-1;}));
  el('next').addEventListener('click',go(function(p){return p+1;}));
  el('last').addEventListener('click',go(function(p,n){return n;}));
  heads.forEach(function(h,i){
    h.addEventListener('click',function(){
      state.dir=state.sort===keys[i]&&state.dir==='asc'?'desc':'asc'; state.sort=keys[i]; state.page='1'; change();
    });
  });
  window.addEventListener('hashchange',function(){ if(location.hash.indexOf('=')>=0){load();} });
  el('controls').hidden=false;
  load();
  if((location.search+location.hash).indexOf('=')>=0){ el('errors-section').scrollIntoView(); }
})();
"""


def own_side(e: Mapping[str, Any]) -> Mapping[str, Any] | None:
    """The side an error is about: the prediction of a false positive, else the gold (or the prediction).

    >>> own_side({"outcome": "fp", "gold": {"start": 1}, "pred": {"start": 2}})
    {'start': 2}
    """
    side = e.get("pred") if e.get("outcome") == "fp" else e.get("gold") or e.get("pred")
    return side if isinstance(side, Mapping) else None


def mark_at(context: str, left: int, right: int, start: int, end: int) -> str:
    """The escaped ``context`` with ``context[left:right]`` (clipped to it) in ``<mark>``; ``start``/``end`` (the
    span's offsets in the document) are kept on the mark.

    >>> mark_at("中国在中国", 3, 5, 103, 105)
    '中国在<mark data-start="103" data-end="105">中国</mark>'
    >>> mark_at("如由蚂蚁", 2, 6, 25134, 25138)
    '如由<mark data-start="25134" data-end="25138">蚂蚁</mark>'
    """
    left, right = max(0, left), min(len(context), right)
    if left >= right:
        return esc(context)
    return (esc(context[:left]) + f"<mark data-start=\"{start}\" data-end=\"{end}\">" + esc(context[left:right])
            + "</mark>" + esc(context[right:]))


def mark_error(e: Mapping[str, Any]) -> str:
    """The error's line text with its span marked.

    A mention with offsets and ``context_start`` is marked at ``start - context_start``; an item without
    offsets (a row, a figure, an older JSON) only where its text occurs exactly once in the line, since
    elsewhere the place would be a guess.

    >>> mark_error({"outcome": "fn", "text": "区块链", "context": "区块链与区块链", "context_start": 10,
    ...             "gold": {"start": 14, "end": 17}})
    '区块链与<mark data-start="14" data-end="17">区块链</mark>'
    >>> mark_error({"outcome": "fp", "text": "联盟", "context": "<联盟>", "context_start": None, "pred": None})
    '&lt;<mark>联盟</mark>&gt;'
    """
    context, text = str(e.get("context") or ""), str(e.get("text") or "")
    side, base = own_side(e), e.get("context_start")
    if side and base is not None and side.get("start") is not None and side.get("end") is not None:
        start, end = int(side["start"]), int(side["end"])
        return mark_at(context, start - int(base), end - int(base), start, end)
    if text and context.count(text) == 1:
        i = context.index(text)
        return esc(context[:i]) + "<mark>" + esc(text) + "</mark>" + esc(context[i + len(text):])
    return esc(context)


def fmt_side(side: Mapping[str, Any] | None) -> str:
    """One side (gold or predicted) of an error, as escaped text.

    >>> fmt_side({"start": 3, "end": 5, "label": "LOC", "text": "<中国>", "value": None})
    'LOC &lt;中国&gt; [3,5)'
    >>> fmt_side({"date": "2022-05", "title": None})
    'date=2022-05; title='
    """
    if not side:
        return ""
    if {"start", "end", "label"} <= set(side):
        text = f"{side['label']} {side.get('text', '')} [{side['start']},{side['end']})"
        value = side.get("value")
        if value:
            text += " " + ", ".join(f"{k}={v}" for k, v in value.items())
        return esc(text)
    return esc("; ".join(f"{k}={'' if v is None else v}" for k, v in side.items()))


def _select(ident: str, label: str, options: Sequence[str], selected: str = "") -> str:
    opts = "".join(f"<option value=\"{esc(o)}\"{' selected' if o == selected else ''}>{esc(o)}</option>"
                   for o in options)
    return f"<label>{esc(label)} <select id=\"{ident}\"><option value=\"\">all</option>{opts}</select></label>"


def _error_row(system: str, index: int, e: Mapping[str, Any]) -> str:
    outcome = str(e.get("outcome", ""))
    return (f"<tr data-system=\"{esc(system)}\" data-i=\"{index}\" data-group=\"{esc(e.get('group'))}\" "
            f"data-outcome=\"{esc(outcome)}\"><td>{esc(system)}</td><td class=\"{esc(outcome)}\">{esc(outcome)}</td>"
            f"<td>{esc(e.get('group'))}</td><td>{esc(e.get('doc_id'))}</td>"
            f"<td class=num>{esc(e.get('line'))}</td><td class=num>{esc(e.get('page'))}</td>"
            f"<td>{esc(e.get('text'))}</td><td>{fmt_side(e.get('gold'))}</td><td>{fmt_side(e.get('pred'))}</td>"
            f"<td>{esc(e.get('detail'))}</td><td class=line>{mark_error(e)}</td></tr>")


def _controls(systems: Mapping[str, Any], total: int) -> str:
    """Filters, search, page size and pager; hidden until the script runs (without it they would do nothing)."""
    errors = [e for s in systems.values() for e in s.get("errors", [])]
    groups = sorted({str(e.get("group")) for e in errors})
    outcomes = sorted({str(e.get("outcome")) for e in errors})
    names = list(systems)
    sizes = "".join(f"<option value=\"{n}\"{' selected' if n == DEFAULT_PAGE_SIZE else ''}>{n or 'all'}</option>"
                    for n in PAGE_SIZES)
    return (f"<div id=controls class=filters hidden>{_select('f-system', 'system', names, names[0] if names else '')}"
            f"{_select('f-group', 'label / kind', groups)}{_select('f-outcome', 'outcome', outcomes)}"
            "<label>search <input type=search id=f-search placeholder=\"text, label, document, detail…\"></label>"
            f"<label>rows per page <select id=f-size>{sizes}</select></label><br>"
            "<button type=button id=first>«</button><button type=button id=prev>‹</button> <span id=pageno></span> "
            "<button type=button id=next>›</button><button type=button id=last>»</button> "
            f"<span>rows <span id=range></span> of <b id=shown>{total}</b> matching ({total} in all); click a "
            "heading to sort</span></div>")


def error_section(systems: Mapping[str, Any]) -> str:
    """Every error of every system in one table, with filters (system, label/kind, outcome), a search box,
    sortable headings and pages; the page opens on the first system's (ours), 50 rows a page."""
    rows = [_error_row(name, i, e) for name, s in systems.items() for i, e in enumerate(s.get("errors", []))]
    head = "".join(f"<th data-key=\"{key}\"{' data-num' if num else ''}>{esc(title)}</th>"
                   for key, title, num in COLUMNS)
    return (f"<section id=errors-section><h2>Errors</h2><p class=muted>fp: predicted, not in gold; fn: gold, not "
            "predicted; value / field: matched with a different normalized value or field; class: misclassified. "
            "The line text marks the span at its offsets (the prediction of a fp, the gold of the others); rows and "
            "figures have no offsets and are marked only where their text occurs once.</p>"
            f"{_controls(systems, len(rows))}"
            f"<noscript><p>All {len(rows)} rows are listed; filters, search, sorting and pages need JavaScript."
            f"</p></noscript><table id=errors><thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"
            "</section>")
