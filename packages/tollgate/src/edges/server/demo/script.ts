/** The demo page's browser code: plain JavaScript over the public HTTP API with a customer token. */
export const DEMO_SCRIPT = `
const api = '/api/v1/billing';
let token = '';
let current = null; // the plan key of the live subscription, if any
const $ = (id) => document.getElementById(id);
const notice = (text) => { const n = $('notice'); n.textContent = text; n.style.display = text ? 'block' : 'none'; };
async function call(method, path, body) {
  const response = await fetch(api + path, {
    method,
    headers: { authorization: 'Bearer ' + token, 'content-type': 'application/json' },
    body: body ? JSON.stringify(body) : undefined,
  });
  const json = await response.json();
  if (!response.ok) throw Object.assign(new Error(json.error ? json.error.message : response.statusText), { body: json });
  return json;
}
async function showSubscription() {
  const { subscription } = await call('GET', '/subscription');
  document.querySelectorAll('.card').forEach((c) => c.classList.remove('current'));
  current = subscription ? subscription.plan_key : null;
  // Subscribers change plan (upgrade now, downgrade at period end); others go to Checkout.
  document.querySelectorAll('button[data-plan]').forEach((b) => {
    b.hidden = b.dataset.plan === current;
    b.textContent = (current ? 'Switch to ' : 'Choose ') + b.dataset.name;
  });
  if (!subscription) { $('subscription').textContent = 'Free plan (no subscription).'; document.querySelector('[data-card="free"]')?.classList.add('current'); return; }
  document.querySelector('[data-card="' + subscription.plan_key + '"]')?.classList.add('current');
  $('subscription').innerHTML = '<b>' + subscription.plan_key + '</b> - ' + subscription.status + ', ' + subscription.amount_formatted + '/' + subscription.interval +
    (subscription.cancel_at_period_end ? ' (cancels at period end)' : '') + ' <button id="portal">Manage billing</button>';
  $('portal').onclick = async () => { const p = await call('GET', '/portal?return_url=' + encodeURIComponent(location.origin + '/')); location.href = p.url; };
}
async function showUsage() {
  const { features } = await call('GET', '/usage');
  $('usage').innerHTML = features.map((f) => {
    const pct = f.unlimited || !f.limit ? 0 : Math.min(100, Math.round((f.used / f.limit) * 100));
    return '<p><b>' + f.feature + '</b>: ' + f.used + ' / ' + (f.unlimited ? 'unlimited' : f.limit) +
      (f.resets_at ? ' <small>(resets ' + new Date(f.resets_at).toLocaleString() + ')</small>' : '') +
      '<div class="meter"><div style="width:' + pct + '%"></div></div></p>';
  }).join('');
}
async function main() {
  token = (await (await fetch('/demo/token')).json()).token;
  const params = new URLSearchParams(location.search);
  if (params.get('session_id')) {
    try { await call('POST', '/checkout/sync', { session_id: params.get('session_id') }); notice('Thanks! Your subscription is active.'); }
    catch (e) { notice('Checkout not finished: ' + e.message); }
    history.replaceState(null, '', '/');
  }
  document.querySelectorAll('button[data-plan]').forEach((b) => b.onclick = async () => {
    try {
      if (current) {
        const change = await call('POST', '/subscription/change', { plan: b.dataset.plan });
        notice(change.effective === 'now' ? 'Switched to ' + b.dataset.name + '.' : 'You move to ' + b.dataset.name + ' at the end of this period.');
        await Promise.all([showSubscription(), showUsage()]);
        return;
      }
      const s = await call('POST', '/checkout/session', { plan: b.dataset.plan, interval: 'month',
        success_url: location.origin + '/?session_id={CHECKOUT_SESSION_ID}', cancel_url: location.origin + '/' });
      location.href = s.url;
    } catch (e) { notice(e.message); }
  });
  $('consume').onclick = async () => {
    try { await call('POST', '/consume', { feature: 'messages' }); notice(''); }
    catch (e) { notice(e.body && e.body.error && e.body.error.code === 'limit_reached' ? 'Limit reached: resets at ' + new Date(e.body.error.resets_at).toLocaleString() + '. Upgrade for more.' : e.message); }
    await showUsage();
  };
  await Promise.all([showSubscription(), showUsage()]);
}
main().catch((e) => notice(e.message));
`;
