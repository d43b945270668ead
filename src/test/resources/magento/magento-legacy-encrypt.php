<?php
/*
 * Encrypts a value in Magento's legacy Encryptor formats (MCrypt era), with phpseclib3 (Debian's
 * php-phpseclib3) as an implementation independent of BouncyCastle, which Keyway's import uses:
 *   <v>:2:<iv>:base64  Rijndael-256 (256-bit block) CBC, the IV 32 random characters
 *   <v>:1:base64       Rijndael-128 ECB
 *   <v>:0:base64       Blowfish ECB
 * each with MCrypt's zero padding, the key the raw key string of that version.
 * Usage: php magento-legacy-encrypt.php <cipher 0|1|2> <key version> <key> <plaintext>
 */
require_once '/usr/share/php/phpseclib3/autoload.php';

[, $cipherVersion, $keyVersion, $key, $data] = $argv;

function zero_pad(string $data, int $block): string
{
    $rest = strlen($data) % $block;
    return $rest === 0 ? $data : $data . str_repeat("\0", $block - $rest);
}

switch ((int) $cipherVersion) {
    case 2:
        $iv = substr(str_shuffle(str_repeat('abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789', 2)), 0, 32);
        $cipher = new \phpseclib3\Crypt\Rijndael('cbc');
        $cipher->setBlockLength(256);
        $cipher->setKey($key);
        $cipher->setIV($iv);
        $cipher->disablePadding();
        echo $keyVersion . ':2:' . $iv . ':' . base64_encode($cipher->encrypt(zero_pad($data, 32)));
        break;
    case 1:
        $cipher = new \phpseclib3\Crypt\Rijndael('ecb');
        $cipher->setBlockLength(128);
        $cipher->setKey($key);
        $cipher->disablePadding();
        echo $keyVersion . ':1:' . base64_encode($cipher->encrypt(zero_pad($data, 16)));
        break;
    default:
        $cipher = new \phpseclib3\Crypt\Blowfish('ecb');
        $cipher->setKey($key);
        $cipher->disablePadding();
        echo $keyVersion . ':0:' . base64_encode($cipher->encrypt(zero_pad($data, 8)));
}
