using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace EfficiencyKit.Analyzers.Internals;

/// <summary>
/// A small JSON reader for the build's models manifest (analyzers cannot depend on System.Text.Json in every
/// host). Objects become dictionaries, arrays lists, numbers doubles. Malformed text gives null: a broken
/// manifest must silence the manifest rules, never crash the compiler.
/// </summary>
internal sealed class JsonValueReader
{
    private const int MaxDepth = 64;

    private readonly string _text;
    private int _position;
    private int _depth;

    private JsonValueReader(string text) => _text = text;

    public static object? TryParse(string text)
    {
        var reader = new JsonValueReader(text);
        if (!reader.TryValue(out var value))
        {
            return null;
        }

        reader.SkipWhitespace();
        return reader._position == text.Length ? value : null;
    }

    private bool TryValue(out object? value)
    {
        value = null;
        SkipWhitespace();
        if (_position >= _text.Length || ++_depth > MaxDepth)
        {
            return false;
        }

        var ok = _text[_position] switch
        {
            '{' => TryObject(out value),
            '[' => TryArray(out value),
            '"' => TryString(out value),
            't' => TryLiteral("true", true, out value),
            'f' => TryLiteral("false", false, out value),
            'n' => TryLiteral("null", null, out value),
            _ => TryNumber(out value),
        };
        _depth--;
        return ok;
    }

    private bool TryObject(out object? value)
    {
        var result = new Dictionary<string, object?>();
        value = result;
        _position++;
        SkipWhitespace();
        if (Peek('}'))
        {
            _position++;
            return true;
        }

        while (true)
        {
            SkipWhitespace();
            if (!Peek('"') || !TryString(out var key))
            {
                return false;
            }

            SkipWhitespace();
            if (!Peek(':'))
            {
                return false;
            }

            _position++;
            if (!TryValue(out var item))
            {
                return false;
            }

            result[(string)key!] = item;
            SkipWhitespace();
            if (Peek(','))
            {
                _position++;
                continue;
            }

            if (Peek('}'))
            {
                _position++;
                return true;
            }

            return false;
        }
    }

    private bool TryArray(out object? value)
    {
        var result = new List<object?>();
        value = result;
        _position++;
        SkipWhitespace();
        if (Peek(']'))
        {
            _position++;
            return true;
        }

        while (true)
        {
            if (!TryValue(out var item))
            {
                return false;
            }

            result.Add(item);
            SkipWhitespace();
            if (Peek(','))
            {
                _position++;
                continue;
            }

            if (Peek(']'))
            {
                _position++;
                return true;
            }

            return false;
        }
    }

    private bool TryString(out object? value)
    {
        value = null;
        var builder = new StringBuilder();
        _position++;
        while (_position < _text.Length)
        {
            var c = _text[_position++];
            if (c == '"')
            {
                value = builder.ToString();
                return true;
            }

            if (c != '\\')
            {
                builder.Append(c);
                continue;
            }

            if (_position >= _text.Length)
            {
                return false;
            }

            var escape = _text[_position++];
            switch (escape)
            {
                case '"' or '\\' or '/': builder.Append(escape); break;
                case 'b': builder.Append('\b'); break;
                case 'f': builder.Append('\f'); break;
                case 'n': builder.Append('\n'); break;
                case 'r': builder.Append('\r'); break;
                case 't': builder.Append('\t'); break;
                case 'u' when _position + 4 <= _text.Length && int.TryParse(_text.Substring(_position, 4), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var code):
                    builder.Append((char)code);
                    _position += 4;
                    break;
                default: return false;
            }
        }

        return false;
    }

    private bool TryNumber(out object? value)
    {
        value = null;
        var start = _position;
        while (_position < _text.Length && "+-0123456789.eE".IndexOf(_text[_position]) >= 0)
        {
            _position++;
        }

        if (_position > start && double.TryParse(_text.Substring(start, _position - start), NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
        {
            value = number;
            return true;
        }

        return false;
    }

    private bool TryLiteral(string literal, object? literalValue, out object? value)
    {
        value = literalValue;
        if (string.CompareOrdinal(_text, _position, literal, 0, literal.Length) != 0)
        {
            return false;
        }

        _position += literal.Length;
        return true;
    }

    private bool Peek(char c) => _position < _text.Length && _text[_position] == c;

    private void SkipWhitespace()
    {
        while (_position < _text.Length && char.IsWhiteSpace(_text[_position]))
        {
            _position++;
        }
    }
}
