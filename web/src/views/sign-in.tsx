/** The sign-in form: account SID + auth token, or an API key SID + secret, in the same two fields. */
import { useState } from "preact/hooks";
import { ApiError } from "../api/client.ts";
import { type SessionInfo, signIn } from "../api/session.ts";

export function SignIn(props: { onSignedIn: (session: SessionInfo) => void }) {
  const [sid, setSid] = useState("");
  const [token, setToken] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      props.onSignedIn(await signIn(sid.trim(), token));
    } catch (e) {
      setError(e instanceof ApiError && e.status === 401 ? "Wrong Account SID or Auth token." : String(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <main class="sign-in">
      <h1>Tasklane Console</h1>
      <form method="post" onSubmit={submit} aria-describedby="sign-in-help">
        <p id="sign-in-help">
          Sign in with your account SID and auth token (printed when the server starts), or with an API key
          SID and its secret.
        </p>
        <label for="sid">Account SID</label>
        <input
          id="sid"
          name="username"
          autocomplete="username"
          required
          value={sid}
          onInput={(e) => setSid(e.currentTarget.value)}
        />
        <label for="token">Auth token</label>
        <input
          id="token"
          name="password"
          type="password"
          autocomplete="current-password"
          required
          value={token}
          onInput={(e) => setToken(e.currentTarget.value)}
        />
        {error !== null && (
          <p class="error" role="alert">
            {error}
          </p>
        )}
        <button type="submit" disabled={busy}>
          Sign in
        </button>
      </form>
    </main>
  );
}
