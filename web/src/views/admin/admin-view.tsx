/** An admin section: a filtered list of one resource, create, edit, delete, and its detail page. */
import { useEffect, useState } from "preact/hooks";
import { del, type Json, listAll, post, ws } from "../../api/client.ts";
import { streamPosition, subscribe } from "../../api/stream.ts";
import { linkTo } from "../../router.ts";
import { Detail } from "./resource-detail.tsx";
import { ResourceForm } from "./resource-form.tsx";
import { RESOURCES, type ResourceSpec } from "./resources.ts";

export { RESOURCES };

export function AdminView(props: { workspaceSid: string; section: string; detail: string | null }) {
  const spec = RESOURCES.find((r) => r.path === props.section);
  if (spec === undefined) return <p>Unknown section.</p>;
  if (props.detail !== null)
    return <Detail spec={spec} workspaceSid={props.workspaceSid} sid={props.detail} />;
  return <ResourceList spec={spec} workspaceSid={props.workspaceSid} />;
}

function ResourceList(props: { spec: ResourceSpec; workspaceSid: string }) {
  const { spec, workspaceSid } = props;
  const [filters, setFilters] = useState<Record<string, string>>({});
  const [applied, setApplied] = useState<Record<string, string>>({});
  const [items, setItems] = useState<Json[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [creating, setCreating] = useState(false);
  const [version, setVersion] = useState(0);

  useEffect(() => {
    setError(null);
    listAll<Json>(ws(workspaceSid, spec.collection), spec.key, applied, 5)
      .then(setItems)
      .catch((e) => setError(String(e)));
  }, [workspaceSid, spec, applied, version]);

  // Live: an event about this kind of resource (anyone's change) reloads the list, once per burst.
  useEffect(() => {
    let stopped = false;
    let unsubscribe = () => {};
    let timer: number | undefined;
    void streamPosition(workspaceSid).then((after) => {
      if (stopped) return;
      unsubscribe = subscribe(workspaceSid, after, (event) => {
        if (event.resource_type !== spec.eventResource || timer !== undefined) return;
        timer = window.setTimeout(() => {
          timer = undefined;
          setVersion((v) => v + 1);
        }, 100);
      });
    });
    return () => {
      stopped = true;
      unsubscribe();
      if (timer !== undefined) window.clearTimeout(timer);
    };
  }, [workspaceSid, spec]);

  const remove = async (item: Json) => {
    const label = String(item.friendly_name ?? item.sid);
    if (!confirm(`Delete ${spec.singular} ${label}?`)) return;
    try {
      await del(ws(workspaceSid, spec.collection, String(item.sid)));
      setVersion((v) => v + 1);
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
  };

  return (
    <section aria-labelledby="list-title">
      <header class="view-header">
        <h2 id="list-title">{spec.title}</h2>
        {spec.canCreate && !creating && (
          <button type="button" onClick={() => setCreating(true)}>
            New {spec.singular}
          </button>
        )}
      </header>
      {creating && (
        <section class="panel" aria-label={`New ${spec.singular}`}>
          <h3>New {spec.singular}</h3>
          <ResourceForm
            idPrefix="create"
            fields={spec.fields}
            item={null}
            submitLabel="Create"
            onCancel={() => setCreating(false)}
            onSubmit={async (values) => {
              await post(ws(workspaceSid, spec.collection), values);
              setCreating(false);
              setVersion((v) => v + 1);
            }}
          />
        </section>
      )}
      {spec.filters.length > 0 && (
        <form
          class="filters"
          aria-label="Filter"
          onSubmit={(e) => {
            e.preventDefault();
            setApplied({ ...filters });
          }}
        >
          {spec.filters.map((f) => (
            <div class="filter" key={f.name}>
              <label for={`filter-${f.name}`}>{f.label}</label>
              {f.options ? (
                <select
                  id={`filter-${f.name}`}
                  value={filters[f.name] ?? ""}
                  onChange={(e) => setFilters({ ...filters, [f.name]: e.currentTarget.value })}
                >
                  {f.options.map((o) => (
                    <option key={o} value={o}>
                      {o === "" ? "any" : o}
                    </option>
                  ))}
                </select>
              ) : (
                <input
                  id={`filter-${f.name}`}
                  value={filters[f.name] ?? ""}
                  onInput={(e) => setFilters({ ...filters, [f.name]: e.currentTarget.value })}
                />
              )}
            </div>
          ))}
          <button type="submit">Filter</button>
        </form>
      )}
      {error !== null && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      {items === null ? (
        <p>Loading…</p>
      ) : items.length === 0 ? (
        <p>No {spec.title.toLowerCase()}.</p>
      ) : (
        <table class="grid" aria-label={spec.title}>
          <thead>
            <tr>
              <th scope="col">SID</th>
              {spec.columns.map((c) => (
                <th key={c.label} scope="col">
                  {c.label}
                </th>
              ))}
              <th scope="col">Actions</th>
            </tr>
          </thead>
          <tbody>
            {items.map((item) => (
              <tr key={String(item.sid)}>
                <td>
                  <a {...linkTo(`/w/${workspaceSid}/${spec.path}/${String(item.sid)}`)}>
                    <code>{String(item.sid)}</code>
                  </a>
                </td>
                {spec.columns.map((c) => (
                  <td key={c.label} class="clip">
                    {c.value(item)}
                  </td>
                ))}
                <td>
                  <a
                    class="button secondary"
                    {...linkTo(`/w/${workspaceSid}/${spec.path}/${String(item.sid)}`)}
                  >
                    Edit<span class="visually-hidden"> {String(item.friendly_name ?? item.sid)}</span>
                  </a>{" "}
                  <button type="button" class="danger" onClick={() => remove(item)}>
                    Delete<span class="visually-hidden"> {String(item.friendly_name ?? item.sid)}</span>
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
