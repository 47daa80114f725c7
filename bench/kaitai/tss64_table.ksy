{
  "meta": { "id": "tss64_table", "endian": "le" },
  "doc": "64-bit task-state segments (104 bytes each), as many as the stream holds.",
  "seq": [{ "id": "records", "type": "tss64", "repeat": "eos" }],
  "types": {
    "tss64": {
      "seq": [
        { "id": "reserved0", "type": "u4" },
        { "id": "rsp0", "type": "u8" },
        { "id": "rsp1", "type": "u8" },
        { "id": "rsp2", "type": "u8" },
        { "id": "reserved1", "type": "u8" },
        { "id": "ist1", "type": "u8" },
        { "id": "ist2", "type": "u8" },
        { "id": "ist3", "type": "u8" },
        { "id": "ist4", "type": "u8" },
        { "id": "ist5", "type": "u8" },
        { "id": "ist6", "type": "u8" },
        { "id": "ist7", "type": "u8" },
        { "id": "reserved2", "type": "u8" },
        { "id": "reserved3", "type": "u2" },
        { "id": "iopb", "type": "u2" }
      ]
    }
  }
}
