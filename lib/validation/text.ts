// The one schema for free text a client sends (labels, notes, record values, ids), shared by the
// forms (instant feedback) and the server actions (always re-parsed there). Text is shown back to
// other administrators and written to the audit log, so characters that make it read differently
// from what it holds are refused rather than stored: control characters (they corrupt logs and
// exports), bidi overrides and isolates (they reorder what follows, "Trojan Source"-style label
// spoofing) and invisible format characters (a label that looks like another, or looks empty).
// Lone surrogates are not text at all, and would otherwise fail deep in the data layer.
import { z } from "zod";

/** Unpaired UTF-16 surrogates: in a `u` regex, a proper pair is one code point and never matches. */
const loneSurrogate = /\p{Cs}/u;

/** C0 and C1 control characters and DEL; `\t` and `\n` are tested separately for multi-line text. */
const controlCharacter = /[\u0000-\u001f\u007f-\u009f]/u;

/** Embeddings, overrides (U+202A–U+202E) and isolates (U+2066–U+2069), plus the invisible direction marks. */
const bidiControl = /[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]/u;

/**
 * Invisible characters with no place in a label or a record value: soft hyphen, Mongolian vowel
 * separator, zero-width space, line and paragraph separators, word joiner and invisible operators,
 * deprecated format characters, Hangul fillers (used for names that look blank), the byte-order
 * mark, interlinear annotation marks and Unicode tags (used to smuggle hidden text). Zero-width
 * joiner and non-joiner (U+200D, U+200C) stay allowed: emoji sequences and several scripts need them.
 */
const invisibleCharacter =
  /[\u00ad\u180e\u200b\u2028\u2029\u2060-\u2064\u206a-\u206f\u3164\uffa0\ufeff\ufff9-\ufffb\u{e0000}-\u{e007f}]/u;

const codePoint = (match: string) => `U+${match.codePointAt(0)!.toString(16).toUpperCase().padStart(4, "0")}`;

/** The first reason `value` (already NFC-normalised) may not be stored, or undefined when it may. */
function problemOf(value: string, multiline: boolean): string | undefined {
  const control = multiline ? /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/u.exec(value) : controlCharacter.exec(value);
  if (control) {
    return multiline
      ? `Remove the control character ${codePoint(control[0])}; only line breaks and tabs are allowed.`
      : `Remove the control character ${codePoint(control[0])}; line breaks and tabs are not allowed here.`;
  }
  const bidi = bidiControl.exec(value);
  if (bidi) return `Remove the text-direction character ${codePoint(bidi[0])}.`;
  const invisible = invisibleCharacter.exec(value);
  if (invisible) return `Remove the invisible character ${codePoint(invisible[0])}.`;
  return undefined;
}

export type TextInputOptions = {
  /** Longest accepted value, in UTF-16 code units after normalising and trimming. */
  max: number;
  /** The message for an empty value; when absent, an empty value is accepted. */
  required?: string;
  /** Multi-line notes: allows `\n` (CR LF and CR become `\n`) and `\t`. */
  multiline?: boolean;
};

/**
 * A trimmed, NFC-normalised string with none of the characters above, each refusal with a message
 * meant for the field. NFC makes equal-looking text equal (one "é", not "e" + a combining accent).
 */
export function textInput(options: TextInputOptions) {
  const multiline = options.multiline ?? false;
  let schema = z
    .string()
    .refine((value) => !loneSurrogate.test(value), {
      message: "Remove the broken character (an unpaired surrogate); it is not valid text.",
      abort: true,
    })
    .normalize("NFC")
    .overwrite((value) => (multiline ? value.replace(/\r\n?/g, "\n") : value))
    .trim()
    .superRefine((value, ctx) => {
      const problem = problemOf(value, multiline);
      if (problem) ctx.addIssue({ code: "custom", message: problem, input: value, abort: true });
    });
  if (options.required) schema = schema.min(1, options.required);
  return schema.max(options.max, `Use at most ${options.max.toLocaleString("en-US")} characters.`);
}

/** An id sent by a client (bound to an action): the same text rules, never empty, at most 64 characters. */
export const idInput = textInput({ max: 64, required: "Missing id." });
