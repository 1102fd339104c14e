// The one schema for an e-mail address a person types (sign-in names, new accounts): trimmed and
// lower-cased, so one address is one account however it was typed.
import { z } from "zod";
import { textInput } from "./text";

export const emailInput = textInput({ max: 254, required: "Enter an e-mail address." })
  .toLowerCase()
  .pipe(z.email({ error: "Enter an e-mail address such as name@example.com." }));
