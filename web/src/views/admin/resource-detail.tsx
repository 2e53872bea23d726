/** One resource's page: its edit form and delete, plus the workflow editor, task or worker details. */
import { useEffect, useState } from "preact/hooks";
import { del, type FormValue, get, type Json, post, ws } from "../../api/client.ts";
import { linkTo, navigate } from "../../router.ts";
import { ResourceForm } from "./resource-form.tsx";
import type { ResourceSpec } from "./resources.ts";
import { TaskDetail } from "./task-detail.tsx";
import { WorkerDetail } from "./worker-detail.tsx";
import { WorkflowEditor } from "./workflow-editor.tsx";

export function Detail(props: { spec: ResourceSpec; workspaceSid: string; sid: string }) {
  const { spec, workspaceSid, sid } = props;
  const [item, setItem] = useState<Json | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [version, setVersion] = useState(0);
  const [saved, setSaved] = useState(false);
  useEffect(() => {
    get(ws(workspaceSid, spec.collection, sid))
      .then(setItem)
      .catch((e) => setError(String(e)));
  }, [workspaceSid, spec, sid, version]);

  const back = <a {...linkTo(`/w/${workspaceSid}/${spec.path}`)}>← All {spec.title.toLowerCase()}</a>;
  if (error !== null)
    return (
      <section>
        {back}
        <p class="error" role="alert">
          {error}
        </p>
      </section>
    );
  if (item === null) return <p>Loading…</p>;
  const save = async (values: Record<string, FormValue>) => {
    await post(ws(workspaceSid, spec.collection, sid), values);
    setSaved(true);
    setVersion((v) => v + 1);
  };
  if (spec.path === "workflows")
    return <WorkflowEditor workspaceSid={workspaceSid} workflow={item} back={back} onSave={save} />;
  return (
    <section aria-labelledby="detail-title">
      {back}
      <h2 id="detail-title">
        {spec.singular[0]?.toUpperCase()}
        {spec.singular.slice(1)} {String(item.friendly_name ?? item.sid)}
      </h2>
      <p>
        <code>{sid}</code>
      </p>
      {saved && <p role="status">Saved.</p>}
      <div class="columns">
        <section class="panel" aria-label="Edit">
          <h3>Edit</h3>
          <ResourceForm
            key={version}
            idPrefix="edit"
            fields={spec.fields}
            item={item}
            submitLabel="Save"
            onSubmit={save}
          />
          <button
            type="button"
            class="danger"
            onClick={async () => {
              if (!confirm(`Delete ${spec.singular}?`)) return;
              try {
                await del(ws(workspaceSid, spec.collection, sid));
                navigate(`/w/${workspaceSid}/${spec.path}`);
              } catch (e) {
                setError(e instanceof Error ? e.message : String(e));
              }
            }}
          >
            Delete {spec.singular}
          </button>
        </section>
        {spec.path === "tasks" && <TaskDetail workspaceSid={workspaceSid} task={item} />}
        {spec.path === "workers" && (
          <WorkerDetail
            workspaceSid={workspaceSid}
            worker={item}
            onChanged={() => setVersion((v) => v + 1)}
          />
        )}
      </div>
    </section>
  );
}
