// PythonError: the JS Error thrown when Python code raises. Its message is
// the Python traceback; `type` is the exception's type name.
export class PythonError extends Error {
  constructor(type, message) {
    super(message);
    this.name = "PythonError";
    this.type = type;
  }
}
