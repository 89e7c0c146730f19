// report.html's script (inline, no dependency): filters, search, the view in the URL hash
// (`#verdict=failed&family=EVT&q=…&row=EVT-01`, so a link reproduces a view), the family buttons,
// copy buttons. The page is complete without it; the script only filters, navigates and copies.
// Search: an ID-shaped query (`EVT-01`) matches the guarantee's own ID exactly, never the IDs a
// multi-guarantee test title mentions; any other query is a substring of the row's text (ID,
// sentence, reason, test titles and files, operation IDs, messages, correlation IDs).

export const SCRIPT = `
(function(){
  var q=function(s){return document.querySelector(s)};
  var all=function(s){return [].slice.call(document.querySelectorAll(s))};
  var rows=all('tbody.g');
  var fields={family:'#f-family',verdict:'#f-verdict',provenance:'#f-provenance',level:'#f-level',q:'#f-text'};
  var bar=q('.filters');
  function barHeight(){var sticky=getComputedStyle(bar).position==='sticky';document.documentElement.style.setProperty('--bar',(sticky?bar.offsetHeight+8:0)+'px');}
  function state(){var s={};Object.keys(fields).forEach(function(k){var v=q(fields[k]).value.trim();if(v)s[k]=v;});if(q('#f-change').checked)s.change='1';return s;}
  function matches(d,s){
    if(s.family&&d.family!==s.family)return false;
    if(s.verdict&&d.verdict!==s.verdict)return false;
    if(s.provenance&&d.provenance!==s.provenance)return false;
    if(s.level&&d.level!==s.level)return false;
    if(s.change&&!d.change)return false;
    if(s.q){var t=s.q.toLowerCase();if(/^[a-z][a-z0-9]*-\\d{2,3}$/.test(t))return d.id.toLowerCase()===t;if(d.text.indexOf(t)<0)return false;}
    return true;
  }
  function apply(write){
    var s=state(),n=0;
    rows.forEach(function(r){var ok=matches(r.dataset,s);r.hidden=!ok;if(ok)n++;});
    all('.fam button[data-family]').forEach(function(b){var on=b.dataset.family===s.family;b.setAttribute('aria-pressed',on?'true':'false');b.closest('tr').classList.toggle('on',on);});
    q('#f-count').textContent=n+' of '+rows.length+' guarantees'+(s.family?' · family '+s.family:'')+(s.q?' · matching \u201c'+s.q+'\u201d':'');
    if(write){var h=Object.keys(s).map(function(k){return k+'='+encodeURIComponent(s[k]);}).join('&');history.replaceState(null,'',h?'#'+h:location.pathname+location.search);}
    barHeight();
  }
  function goTo(id){
    var el=document.getElementById('g-'+id);if(!el)return;
    if(el.hidden){Object.keys(fields).forEach(function(k){q(fields[k]).value='';});q('#f-change').checked=false;apply(false);}
    all('tbody.g.target').forEach(function(t){t.classList.remove('target');});
    el.classList.add('target');var d=el.querySelector('tr.detail details');if(d)d.open=true;
    barHeight();el.querySelector('tr.row').scrollIntoView({block:'start'});
  }
  function fromHash(){
    var h=decodeURIComponent(location.hash.slice(1));
    if(/^g-/.test(h)){apply(false);goTo(h.slice(2));return;}
    var p={};location.hash.slice(1).split('&').forEach(function(kv){var i=kv.indexOf('=');if(i>0)p[kv.slice(0,i)]=decodeURIComponent(kv.slice(i+1));});
    Object.keys(fields).forEach(function(k){q(fields[k]).value=p[k]||'';});
    q('#f-change').checked=p.change==='1';
    apply(false);
    if(p.row)goTo(p.row);
  }
  Object.keys(fields).map(function(k){return fields[k];}).concat(['#f-change']).forEach(function(s){q(s).addEventListener('input',function(){apply(true);});q(s).addEventListener('change',function(){apply(true);});});
  all('.fam button[data-family]').forEach(function(b){b.addEventListener('click',function(){var f=q('#f-family');f.value=f.value===b.dataset.family?'':b.dataset.family;apply(true);});});
  q('#f-reset').addEventListener('click',function(){Object.keys(fields).forEach(function(k){q(fields[k]).value='';});q('#f-change').checked=false;apply(true);});
  q('#f-expand').addEventListener('click',function(){var open=this.getAttribute('aria-pressed')!=='true';this.setAttribute('aria-pressed',open?'true':'false');all('tr.detail>td>details').forEach(function(d){if(!d.closest('tbody').hidden)d.open=open;});});
  document.addEventListener('click',function(e){
    var a=e.target.closest&&e.target.closest('a[href^="#g-"]');
    if(a){e.preventDefault();var id=a.getAttribute('href').slice(3);history.replaceState(null,'','#'+Object.keys(state()).map(function(k){return k+'='+encodeURIComponent(state()[k]);}).concat(['row='+encodeURIComponent(id)]).join('&'));goTo(id);return;}
    var b=e.target;if(!b.classList||!b.classList.contains('copy'))return;var pre=b.parentNode.parentNode.querySelector('.copy-src');
    if(pre&&navigator.clipboard){navigator.clipboard.writeText(pre.textContent).then(function(){b.textContent='copied';setTimeout(function(){b.textContent='copy'},1200);},function(){b.textContent='select and copy';});}
  });
  window.addEventListener('hashchange',fromHash);
  window.addEventListener('resize',barHeight);
  fromHash();
})();
`;
