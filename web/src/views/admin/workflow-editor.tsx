/**
 * The workflow editor: the configuration as JSON, checked as you type (syntax, and the shape
 * TaskRouter expects: task_routing.filters with targets), the simulation of a sample task drawn as
 * the path it would take, all before saving. Saving sends the configuration to the API, whose
 * validation error (with the place in the document) is shown under the editor.
 */
import type { ComponentChildren } from "preact";
import { useMemo, useState } from "preact/hooks";
import { ApiError, type FormValue, type Json, post, tl } from "../../api/client.ts";
import { jsonProblem } from "./resource-form.tsx";
import { SimulationPath, type SimulationResult } from "./simulation-path.tsx";

export function configurationProblem(text: string): string | null {
  const syntax = jsonProblem(text);
  if (syntax !== null) return syntax;
  if (text.trim() === "") return "The configuration is required";
  const doc = JSON.parse(text) as unknown;
  if (doc === null || typeof doc !== "object" || Array.isArray(doc))
    return "The configuration must be a JSON object";
  const routing = (doc as Json).task_routing;
  if (routing === undefined || routing === null || typeof routing !== "object") return "Missing task_routing";
  const filters = (routing as Json).filters;
  if (filters !== undefined && !Array.isArray(filters)) return "task_routing.filters must be an array";
  for (const [i, f] of ((filters as unknown[] | undefined) ?? []).entries()) {
    if (f === null || typeof f !== "object") return `task_routing.filters[${i}] must be an object`;
    const targets = (f as Json).targets;
    if (!Array.isArray(targets) || targets.length === 0)
      return `task_routing.filters[${i}].targets must be a non-empty array`;
  }
  return null;
}

export function WorkflowEditor(props: {
  workspaceSid: string;
  workflow: Json;
  back: ComponentChildren;
  onSave: (values: Record<string, FormValue>) => Promise<void>;
}) {
  const { workspaceSid, workflow } = props;
  const [text, setText] = useState(() => pretty(String(workflow.configuration ?? "")));
  const [name, setName] = useState(String(workflow.friendly_name ?? ""));
  const [attributes, setAttributes] = useState('{"type": "support"}');
  const [channel, setChannel] = useState("default");
  const [apiError, setApiError] = useState<string | null>(null);
  const [simError, setSimError] = useState<string | null>(null);
  const [simulation, setSimulation] = useState<SimulationResult | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const problem = useMemo(() => configurationProblem(text), [text]);
  const attributesProblem = jsonProblem(attributes);

  const save = async (event: Event) => {
    event.preventDefault();
    setApiError(null);
    setStatus(null);
    if (problem !== null) return;
    try {
      await props.onSave({ FriendlyName: name, Configuration: JSON.stringify(JSON.parse(text)) });
      setStatus("Saved.");
    } catch (e) {
      setApiError(e instanceof Error ? e.message : String(e));
    }
  };

  const simulate = async () => {
    setSimError(null);
    setSimulation(null);
    if (problem !== null || attributesProblem !== null) {
      setSimError(problem ?? attributesProblem);
      return;
    }
    try {
      const answer = await post<SimulationResult>(tl(workspaceSid, "Workflows", "Simulate"), {
        Configuration: JSON.stringify(JSON.parse(text)),
        Attributes: attributes.trim() === "" ? "{}" : JSON.stringify(JSON.parse(attributes)),
        TaskChannel: channel,
      });
      setSimulation(answer);
    } catch (e) {
      setSimError(e instanceof ApiError ? e.message : String(e));
    }
  };

  const error = problem ?? apiError;
  return (
    <section aria-labelledby="wf-title">
      {props.back}
      <h2 id="wf-title">Workflow {String(workflow.friendly_name)}</h2>
      <p>
        <code>{String(workflow.sid)}</code>
      </p>
      <div class="columns">
        <form class="panel grow" onSubmit={save} aria-label="Edit workflow">
          <div class="field">
            <label for="wf-name">Friendly name</label>
            <input id="wf-name" value={name} onInput={(e) => setName(e.currentTarget.value)} />
          </div>
          <div class="field">
            <label for="wf-configuration">Configuration</label>
            <textarea
              id="wf-configuration"
              class="code"
              rows={22}
              spellcheck={false}
              value={text}
              aria-invalid={error !== null ? true : undefined}
              aria-describedby={error !== null ? "wf-configuration-error" : undefined}
              onInput={(e) => {
                setText(e.currentTarget.value);
                setApiError(null);
              }}
            />
            {error !== null && (
              <p id="wf-configuration-error" class="field-error" role="alert">
                {error}
              </p>
            )}
          </div>
          <div class="actions">
            <button type="submit" disabled={problem !== null}>
              Save workflow
            </button>
            {status !== null && <span role="status">{status}</span>}
          </div>
        </form>
        <section class="panel grow" aria-labelledby="sim-title">
          <h3 id="sim-title">Simulate a task</h3>
          <div class="field">
            <label for="sim-attributes">Task attributes</label>
            <textarea
              id="sim-attributes"
              class="code"
              rows={4}
              spellcheck={false}
              value={attributes}
              aria-invalid={attributesProblem !== null ? true : undefined}
              onInput={(e) => setAttributes(e.currentTarget.value)}
            />
            {attributesProblem !== null && <p class="field-error">{attributesProblem}</p>}
          </div>
          <div class="field">
            <label for="sim-channel">Task channel</label>
            <input id="sim-channel" value={channel} onInput={(e) => setChannel(e.currentTarget.value)} />
          </div>
          <button type="button" onClick={simulate}>
            Simulate
          </button>
          {simError !== null && (
            <p class="error" role="alert">
              {simError}
            </p>
          )}
          {simulation !== null && <SimulationPath simulation={simulation} />}
        </section>
      </div>
    </section>
  );
}

function pretty(text: string): string {
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text;
  }
}
