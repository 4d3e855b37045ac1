// The queue board's sign-in: the admin token goes once in an Authorization header (never in the
// URL or a cookie); the server answers with a short-lived HttpOnly session cookie for the board.
const form = document.getElementById('board-signin');
const error = document.getElementById('signin-error');
form.addEventListener('submit', async (event) => {
  event.preventDefault();
  error.textContent = '';
  const input = document.getElementById('token');
  const token = input.value.trim();
  input.value = '';
  try {
    const response = await fetch('/admin/queues/session', {
      method: 'POST',
      headers: { authorization: `Bearer ${token}` },
    });
    if (response.ok) {
      location.assign('/admin/queues');
      return;
    }
    const problem = await response.json().catch(() => ({}));
    error.textContent = problem.detail || `sign-in failed (HTTP ${response.status})`;
  } catch (cause) {
    error.textContent = `sign-in failed: ${cause.message}`;
  }
});
