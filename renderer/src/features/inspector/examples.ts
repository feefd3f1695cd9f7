/**
 * Published example tokens, so the inspector is never a blank page and every form can be seen.
 * Each is copied verbatim from its RFC (checked: the signatures verify and the JWE decrypts with
 * the keys the RFCs give).
 */

export interface ExampleToken {
  id: string
  label: string
  source: string
  token: string
}

const rfc7515Payload = 'eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ'

export const exampleTokens: readonly ExampleToken[] = [
  {
    id: 'rfc7519-jwt',
    label: 'Signed JWT (HS256)',
    source: 'RFC 7519 §3.1',
    token:
      'eyJ0eXAiOiJKV1QiLA0KICJhbGciOiJIUzI1NiJ9.' +
      'eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ.' +
      'dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk',
  },
  {
    id: 'rfc7519-unsecured',
    label: 'Unsecured JWT (alg "none")',
    source: 'RFC 7519 §6.1',
    token:
      'eyJhbGciOiJub25lIn0.eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ.',
  },
  {
    id: 'rfc7516-jwe',
    label: 'Encrypted JWE (A128KW, A128CBC-HS256)',
    source: 'RFC 7516 §A.3',
    token:
      'eyJhbGciOiJBMTI4S1ciLCJlbmMiOiJBMTI4Q0JDLUhTMjU2In0.' +
      '6KB707dM9YTIgHtLvtgWQ8mKwboJW3of9locizkDTHzBC2IlrT1oOQ.' +
      'AxY8DCtDaGlsbGljb3RoZQ.' +
      'KDlTtXchhZTGufMYmOYGS4HffxPSUrfmqCHXaI9wOGY.' +
      'U0m_YmjN04DJvceFICbCVQ',
  },
  {
    id: 'rfc7515-json-general',
    label: 'JWS JSON, two signatures (RS256 + ES256)',
    source: 'RFC 7515 §A.6',
    token: JSON.stringify(
      {
        payload: rfc7515Payload,
        signatures: [
          {
            protected: 'eyJhbGciOiJSUzI1NiJ9',
            header: { kid: '2010-12-29' },
            signature:
              'cC4hiUPoj9Eetdgtv3hF80EGrhuB__dzERat0XF9g2VtQgr9PJbu3XOiZj5RZmh7AAuHIm4Bh-0Qc_lF5YKt_O8W2Fp5jujGbds9uJdbF9CUAr7t1dnZcAcQjbKBYNX4BAynRFdiuB--f_nZLgrnbyTyWzO75vRK5h6xBArLIARNPvkSjtQBMHlb1L07Qe7K0GarZRmB_eSN9383LcOLn6_dO--xi12jzDwusC-eOkHWEsqtFZESc6BfI7noOPqvhJ1phCnvWh6IeYI2w9QOYEUipUTI8np6LbgGY9Fs98rqVt5AXLIhWkWywlVmtVrBp0igcN_IoypGlUPQGe77Rw',
          },
          {
            protected: 'eyJhbGciOiJFUzI1NiJ9',
            header: { kid: 'e9bc097a-ce51-4036-9562-d2ade882db0d' },
            signature: 'DtEhU3ljbEg8L38VWAfUAqOyKAM6-Xx-F4GawxaepmXFCgfTjDxw5djxLa8ISlSApmWQxfKTUJqPP3-Kg6NU1Q',
          },
        ],
      },
      null,
      2,
    ),
  },
  {
    id: 'rfc7515-json-flattened',
    label: 'JWS JSON, flattened (ES256)',
    source: 'RFC 7515 §A.7',
    token: JSON.stringify(
      {
        payload: rfc7515Payload,
        protected: 'eyJhbGciOiJFUzI1NiJ9',
        header: { kid: 'e9bc097a-ce51-4036-9562-d2ade882db0d' },
        signature: 'DtEhU3ljbEg8L38VWAfUAqOyKAM6-Xx-F4GawxaepmXFCgfTjDxw5djxLa8ISlSApmWQxfKTUJqPP3-Kg6NU1Q',
      },
      null,
      2,
    ),
  },
]
