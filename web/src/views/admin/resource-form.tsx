/**
 * A create or edit form for one resource. Values go to the API as they are; the API validates, and
 * an error naming a parameter ("Invalid parameter TargetWorkers: …") is shown under that field.
 * JSON fields are checked in the browser first so a typo is caught before the round trip.
 */
import { useState } from "preact/hooks";
import { ApiError, type FormValue, type Json } from "../../api/client.ts";
import type { FieldSpec } from "./resources.ts";

export function initialValues(fields: FieldSpec[], item: Json | null): Record<string, string> {
  const values: Record<string, string> = {};
  for (const f of fields) {
    const v = item === null || f.from === "" ? undefined : item[f.from];
    if (f.type === "json")
      values[f.name] = typeof v === "string" ? pretty(v) : v === undefined ? "" : JSON.stringify(v, null, 2);
    else if (f.type === "bool") values[f.name] = v === true ? "true" : v === false ? "false" : "";
    else values[f.name] = v === undefined || v === null ? "" : String(v);
  }
  return values;
}

function pretty(text: string): string {
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text;
  }
}

/** The browser-side JSON check: the error message with line and column, or null. */
export function jsonProblem(text: string): string | null {
  if (text.trim() === "") return null;
  try {
    JSON.parse(text);
    return null;
  } catch (e) {
    return `Not valid JSON: ${e instanceof Error ? e.message : String(e)}`;
  }
}

/** The form field an API error is about: the parameter it names ("… of TargetWorkers: …"). */
function fieldOf(error: ApiError, fields: FieldSpec[]): string | null {
  if (error.field !== null && fields.some((f) => f.name === error.field)) return error.field;
  return fields.find((f) => new RegExp(`\\b${f.name}\\b`).test(error.message))?.name ?? null;
}

export function ResourceForm(props: {
  fields: FieldSpec[];
  item: Json | null;
  submitLabel: string;
  onSubmit: (values: Record<string, FormValue>) => Promise<void>;
  onCancel?: () => void;
  idPrefix: string;
}) {
  const mode = props.item === null ? "create" : "update";
  const fields = props.fields.filter((f) => (mode === "create" ? !f.updateOnly : !f.createOnly));
  const [values, setValues] = useState(() => initialValues(fields, props.item));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [general, setGeneral] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: Event) => {
    event.preventDefault();
    const local: Record<string, string> = {};
    for (const f of fields) {
      const problem = f.type === "json" ? jsonProblem(values[f.name] ?? "") : null;
      if (problem !== null) local[f.name] = problem;
    }
    setErrors(local);
    setGeneral(null);
    if (Object.keys(local).length > 0) return;
    setBusy(true);
    try {
      const out: Record<string, FormValue> = {};
      for (const f of fields) {
        const v = values[f.name] ?? "";
        if (mode === "update" && v === (initialValues([f], props.item)[f.name] ?? "") && f.type !== "json")
          continue;
        out[f.name] = f.type === "json" && v.trim() !== "" ? JSON.stringify(JSON.parse(v)) : v;
      }
      await props.onSubmit(out);
    } catch (e) {
      const field = e instanceof ApiError ? fieldOf(e, fields) : null;
      if (field !== null) setErrors({ [field]: (e as ApiError).message });
      else setGeneral(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form class="resource-form" onSubmit={submit} noValidate>
      {fields.map((f) => {
        const id = `${props.idPrefix}-${f.name}`;
        const error = errors[f.name];
        const describedBy = [error ? `${id}-error` : "", f.help ? `${id}-help` : ""].join(" ").trim();
        const common = {
          id,
          name: f.name,
          "aria-invalid": error ? true : undefined,
          "aria-describedby": describedBy === "" ? undefined : describedBy,
        };
        const set = (v: string) => setValues((old) => ({ ...old, [f.name]: v }));
        return (
          <div class="field" key={f.name}>
            <label for={id}>
              {f.label}
              {f.required && mode === "create" ? " (required)" : ""}
            </label>
            {f.type === "json" ? (
              <textarea
                {...common}
                rows={f.name === "Configuration" ? 14 : 4}
                spellcheck={false}
                value={values[f.name]}
                onInput={(e) => set(e.currentTarget.value)}
              />
            ) : f.type === "bool" ? (
              <select {...common} value={values[f.name]} onChange={(e) => set(e.currentTarget.value)}>
                <option value="">(default)</option>
                <option value="true">true</option>
                <option value="false">false</option>
              </select>
            ) : f.type === "select" ? (
              <select {...common} value={values[f.name]} onChange={(e) => set(e.currentTarget.value)}>
                {(f.options ?? []).map((o) => (
                  <option key={o} value={o}>
                    {o === "" ? (mode === "create" ? "(default)" : "(unchanged)") : o}
                  </option>
                ))}
              </select>
            ) : (
              <input
                {...common}
                type={f.type === "number" ? "number" : "text"}
                value={values[f.name]}
                onInput={(e) => set(e.currentTarget.value)}
              />
            )}
            {f.help && (
              <small id={`${id}-help`} class="help">
                {f.help}
              </small>
            )}
            {error && (
              <p id={`${id}-error`} class="field-error" role="alert">
                {error}
              </p>
            )}
          </div>
        );
      })}
      {general !== null && (
        <p class="error" role="alert">
          {general}
        </p>
      )}
      <div class="actions">
        <button type="submit" disabled={busy}>
          {props.submitLabel}
        </button>
        {props.onCancel && (
          <button type="button" class="secondary" onClick={props.onCancel}>
            Cancel
          </button>
        )}
      </div>
    </form>
  );
}
