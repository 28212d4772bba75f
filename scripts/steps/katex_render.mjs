// Renders TeX with KaTeX at build time, so pages ship HTML and MathML instead of math JavaScript.
// Reads a JSON array of {"tex": string, "display": boolean} on stdin and writes an array of the
// same length: {"html": string} for each equation, or {"error": string} for one KaTeX refuses.
import katex from "katex";

let input = "";
for await (const chunk of process.stdin) input += chunk;

const rendered = JSON.parse(input).map(({ tex, display }) => {
  try {
    return {
      html: katex.renderToString(tex, {
        displayMode: display,
        output: "htmlAndMathml",
        throwOnError: true,
        strict: "error",
        trust: false,
      }),
    };
  } catch (error) {
    return { error: error.message };
  }
});
process.stdout.write(JSON.stringify(rendered));
