// The metadata-definition schemas glanceclient downloads at start-up next to the image schema
// (glanceclient/shell.py _cache_schemas: image, metadefs/namespace, metadefs/resource_type). Glance
// serves them from glance/api/v2/metadef_namespaces.py and metadef_resource_types.py; these are
// those documents. The emulator serves no metadef API beyond them.

export const namespaceSchema = {
  "additionalProperties": false,
  "definitions": {
    "positiveInteger": {
      "minimum": 0,
      "type": "integer"
    },
    "positiveIntegerDefault0": {
      "allOf": [
        {
          "$ref": "#/definitions/positiveInteger"
        },
        {
          "default": 0
        }
      ]
    },
    "stringArray": {
      "type": "array",
      "items": {
        "type": "string"
      },
      "uniqueItems": true
    },
    "property": {
      "type": "object",
      "additionalProperties": {
        "type": "object",
        "required": [
          "title",
          "type"
        ],
        "properties": {
          "name": {
            "type": "string"
          },
          "title": {
            "type": "string"
          },
          "description": {
            "type": "string"
          },
          "operators": {
            "type": "array",
            "items": {
              "type": "string"
            }
          },
          "type": {
            "type": "string",
            "enum": [
              "array",
              "boolean",
              "integer",
              "number",
              "object",
              "string",
              null
            ]
          },
          "required": {
            "$ref": "#/definitions/stringArray"
          },
          "minimum": {
            "type": "number"
          },
          "maximum": {
            "type": "number"
          },
          "maxLength": {
            "$ref": "#/definitions/positiveInteger"
          },
          "minLength": {
            "$ref": "#/definitions/positiveIntegerDefault0"
          },
          "pattern": {
            "type": "string",
            "format": "regex"
          },
          "enum": {
            "type": "array"
          },
          "readonly": {
            "type": "boolean"
          },
          "default": {},
          "items": {
            "type": "object",
            "properties": {
              "type": {
                "type": "string",
                "enum": [
                  "array",
                  "boolean",
                  "integer",
                  "number",
                  "object",
                  "string",
                  null
                ]
              },
              "enum": {
                "type": "array"
              }
            }
          },
          "maxItems": {
            "$ref": "#/definitions/positiveInteger"
          },
          "minItems": {
            "$ref": "#/definitions/positiveIntegerDefault0"
          },
          "uniqueItems": {
            "type": "boolean",
            "default": false
          },
          "additionalItems": {
            "type": "boolean"
          }
        }
      }
    }
  },
  "required": [
    "namespace"
  ],
  "name": "namespace",
  "properties": {
    "namespace": {
      "type": "string",
      "description": "The unique namespace text.",
      "maxLength": 80
    },
    "display_name": {
      "type": "string",
      "description": "The user friendly name for the namespace. Used by UI if available.",
      "maxLength": 80
    },
    "description": {
      "type": "string",
      "description": "Provides a user friendly description of the namespace.",
      "maxLength": 500
    },
    "visibility": {
      "enum": [
        "public",
        "private"
      ],
      "type": "string",
      "description": "Scope of namespace accessibility."
    },
    "protected": {
      "type": "boolean",
      "description": "If true, namespace will not be deletable."
    },
    "owner": {
      "type": "string",
      "description": "Owner of the namespace.",
      "maxLength": 255
    },
    "created_at": {
      "type": "string",
      "readOnly": true,
      "description": "Date and time of namespace creation.",
      "format": "date-time"
    },
    "updated_at": {
      "type": "string",
      "readOnly": true,
      "description": "Date and time of the last namespace modification.",
      "format": "date-time"
    },
    "schema": {
      "readOnly": true,
      "type": "string"
    },
    "self": {
      "readOnly": true,
      "type": "string"
    },
    "resource_type_associations": {
      "type": "array",
      "items": {
        "type": "object",
        "properties": {
          "name": {
            "type": "string"
          },
          "prefix": {
            "type": "string"
          },
          "properties_target": {
            "type": "string"
          }
        }
      }
    },
    "properties": {
      "$ref": "#/definitions/property"
    },
    "objects": {
      "items": {
        "type": "object",
        "properties": {
          "required": {
            "$ref": "#/definitions/stringArray"
          },
          "description": {
            "type": "string"
          },
          "name": {
            "type": "string"
          },
          "properties": {
            "$ref": "#/definitions/property"
          }
        }
      },
      "type": "array"
    },
    "tags": {
      "items": {
        "type": "object",
        "properties": {
          "name": {
            "type": "string"
          }
        }
      },
      "type": "array"
    }
  }
} as const

export const resourceTypeSchema = {
  "additionalProperties": false,
  "required": [
    "name"
  ],
  "name": "resource_type_association",
  "properties": {
    "name": {
      "type": "string",
      "description": "Resource type names should be aligned with Heat resource types whenever possible: https://docs.openstack.org/heat/latest/template_guide/openstack.html",
      "maxLength": 80
    },
    "prefix": {
      "type": "string",
      "description": "Specifies the prefix to use for the given resource type. Any properties in the namespace should be prefixed with this prefix when being applied to the specified resource type. Must include prefix separator (e.g. a colon :).",
      "maxLength": 80
    },
    "properties_target": {
      "type": "string",
      "description": "Some resource types allow more than one key / value pair per instance.  For example, Cinder allows user and image metadata on volumes. Only the image properties metadata is evaluated by Nova (scheduling or drivers). This property allows a namespace target to remove the ambiguity.",
      "maxLength": 80
    },
    "created_at": {
      "type": "string",
      "readOnly": true,
      "description": "Date and time of resource type association.",
      "format": "date-time"
    },
    "updated_at": {
      "type": "string",
      "readOnly": true,
      "description": "Date and time of the last resource type association modification.",
      "format": "date-time"
    }
  }
} as const
