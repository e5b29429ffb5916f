import type { ApiApp } from './env.ts';

// A self-contained reference page: the CSP allows no third-party scripts, and the machines that
// read it may have no internet access, so it renders /api/openapi.json with a few lines of its own.
const PAGE = `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>一个都不能少 API 参考</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="stylesheet" href="/api/docs.css"></head>
<body><h1>一个都不能少 · API 参考</h1>
<p>机器可读文档：<a href="/api/openapi.json">/api/openapi.json</a>（OpenAPI 3.1）。所有接口使用 JSON；写操作需携带 <code>x-csrf-token</code> 请求头。</p>
<div id="ops">加载中…</div>
<script src="/api/docs.js"></script></body></html>`;

const CSS = `body{font:14px/1.6 system-ui,"Noto Sans CJK SC",sans-serif;max-width:1000px;margin:24px auto;padding:0 16px;color:#1f1f1f}
details{border:1px solid #e5e5e5;border-radius:6px;margin:8px 0;padding:8px 12px}summary{cursor:pointer}
.m{display:inline-block;min-width:56px;font-weight:600;text-transform:uppercase}.get{color:#1677ff}.post{color:#389e0d}.put,.patch{color:#d48806}.delete{color:#cf1322}
pre{background:#f6f6f6;padding:8px;overflow:auto;font-size:12px}`;

const SCRIPT = `fetch('/api/openapi.json').then(r=>r.json()).then(doc=>{
const box=document.getElementById('ops');box.textContent='';
for(const [path,ops] of Object.entries(doc.paths)){for(const [method,op] of Object.entries(ops)){
const d=document.createElement('details');const s=document.createElement('summary');
const m=document.createElement('span');m.className='m '+method;m.textContent=method;s.append(m,' '+path+'  '+(op.summary||''));
const pre=document.createElement('pre');pre.textContent=JSON.stringify({parameters:op.parameters,requestBody:op.requestBody,responses:op.responses},null,2);
d.append(s,pre);box.append(d);}}
const schemas=document.createElement('details');const s=document.createElement('summary');s.textContent='数据结构 (components.schemas)';
const pre=document.createElement('pre');pre.textContent=JSON.stringify(doc.components&&doc.components.schemas,null,2);schemas.append(s,pre);box.append(schemas);});`;

export function registerReferencePage(app: ApiApp): void {
  app.get('/api/docs', (c) => c.html(PAGE));
  app.get('/api/docs.css', (c) => c.body(CSS, 200, { 'content-type': 'text/css; charset=utf-8' }));
  app.get('/api/docs.js', (c) => c.body(SCRIPT, 200, { 'content-type': 'text/javascript; charset=utf-8' }));
}
