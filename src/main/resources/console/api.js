// Talks to Rewind through its public HTTP API only, the way an SDK does: POST / with X-Amz-Target and a JSON body.
// The Region is chosen by the SigV4 credential scope of the Authorization header (the signature is not checked).

export const REGIONS = [
  'us-east-1', 'us-east-2', 'us-west-1', 'us-west-2', 'ca-central-1', 'sa-east-1',
  'eu-west-1', 'eu-west-2', 'eu-west-3', 'eu-central-1', 'eu-north-1',
  'ap-south-1', 'ap-southeast-1', 'ap-southeast-2', 'ap-northeast-1', 'ap-northeast-2',
];

let currentRegion = localStorage.getItem('rewind.region') || 'us-east-1';

export function region() {
  return currentRegion;
}

export function setRegion(name) {
  currentRegion = name;
  localStorage.setItem('rewind.region', name);
}

/** An error the API answered (`__type` and `message`), or a failure to reach it. */
export class ApiError extends Error {
  constructor(name, message, status) {
    super(message);
    this.name = name;
    this.status = status;
  }

  /** What to show the user: "ResourceInUseException: Table already exists: Music". */
  describe() {
    return this.message ? `${this.name}: ${this.message}` : this.name;
  }
}

/** A number sent as its exact decimal text (e.g. epoch seconds with milliseconds), never through a double. */
export class Decimal {
  constructor(text) {
    this.text = String(text);
  }

  static ofMillis(millis) {
    const sign = millis < 0 ? '-' : '';
    const abs = Math.abs(millis);
    return new Decimal(`${sign}${Math.floor(abs / 1000)}.${String(abs % 1000).padStart(3, '0')}`);
  }
}

/**
 * Calls an operation: `call('DescribeTable', {TableName: 'Music'})`; `Rewind_20261121.` operations by their full
 * target. Resolves with the parsed response; rejects with an ApiError.
 */
export async function call(operation, body = {}, options = {}) {
  const target = operation.includes('.') ? operation : `DynamoDB_20120810.${operation}`;
  const scope = `console/${utcDate()}/${options.region || currentRegion}/dynamodb/aws4_request`;
  const json = JSON.stringify(body, (key, value) => value instanceof Decimal ? `\u0000${value.text}\u0000` : value)
    .replace(/"\\u0000([-0-9.eE+]+)\\u0000"/g, '$1');
  let response;
  try {
    response = await fetch('/', {
      method: 'POST',
      headers: {
        'Content-Type': 'application/x-amz-json-1.0',
        'X-Amz-Target': target,
        'Authorization': `AWS4-HMAC-SHA256 Credential=${scope}, SignedHeaders=host, Signature=console`,
      },
      body: json,
    });
  } catch (e) {
    throw new ApiError('NetworkError', `Could not reach Rewind (${e.message}). Is the server running?`, 0);
  }
  const text = await response.text();
  let parsed = {};
  if (text) {
    try {
      parsed = JSON.parse(text);
    } catch (e) {
      throw new ApiError('InvalidResponse', `HTTP ${response.status}: ${text.slice(0, 200)}`, response.status);
    }
  }
  if (!response.ok) {
    const type = String(parsed.__type || `HTTP ${response.status}`);
    throw new ApiError(type.slice(type.indexOf('#') + 1), parsed.message || parsed.Message || '', response.status);
  }
  return parsed;
}

/** Every page of a paged list operation, concatenated. */
export async function callAll(operation, body, listKey, tokenIn, tokenOut, options) {
  const out = [];
  let token;
  do {
    const request = token ? { ...body, [tokenIn]: token } : body;
    const page = await call(operation, request, options);
    out.push(...(page[listKey] || []));
    token = page[tokenOut];
  } while (token);
  return out;
}

function utcDate() {
  return new Date().toISOString().slice(0, 10).replace(/-/g, '');
}
